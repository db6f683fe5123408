import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cost of list queries: seeds a shop with shirts through its API (as the admin, logged in once
 * with the form), then sends GET /shirts with varied page, size, filters and up to three sort keys
 * from several threads for a while, so that most queries miss the answer cache. Reports latency
 * percentiles and the shop's CPU time per request, read from /proc/PID/stat before and after.
 *
 * Run as a single-file program (JDK 17 or newer):
 *   java bench/ListQueries.java --url http://127.0.0.1:8080 --pid 1234 --password secret \
 *        --shirts 10000 --seconds 30 --threads 4
 */
public class ListQueries {

    static final String[] COLORS = { "white", "black", "navy", "red", "green", "grey", "yellow", "sand" };

    static final String[] WORDS = { "cotton", "organic", "classic", "slim", "heavy", "soft", "tee", "vintage" };

    static final String[] SIZES = { "XS", "S", "M", "L", "XL" };

    static final String[] SORTS = { "name", "price", "createdAt" };

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url", "http://127.0.0.1:8080");
        long pid = Long.parseLong(arg(args, "--pid", "0"));
        String password = arg(args, "--password", "");
        int shirts = Integer.parseInt(arg(args, "--shirts", "10000"));
        int seconds = Integer.parseInt(arg(args, "--seconds", "30"));
        int threads = Integer.parseInt(arg(args, "--threads", "4"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        int existing = total(http, url);
        if (existing < shirts) {
            long started = System.nanoTime();
            seed(http, url, password, shirts - existing, threads);
            System.out.printf(Locale.ROOT, "seeded %d shirts in %.1f s%n", shirts - existing, (System.nanoTime() - started) / 1e9);
        }
        System.out.printf(Locale.ROOT, "catalog: %d shirts%n", total(http, url));

        // Warm-up: the JIT and the connection pool, not measured.
        run(http, url, threads, Math.min(5, seconds), new ConcurrentLinkedQueue<>());
        long cpuBefore = cpuMillis(pid);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        int errors = run(http, url, threads, seconds, latencies);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long cpu = cpuMillis(pid) - cpuBefore;

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int n = sorted.size();
        System.out.printf(Locale.ROOT, "requests: %d in %.1f s (%.0f/s), %d answered other than 200%n", n, elapsed, n / elapsed, errors);
        System.out.printf(Locale.ROOT, "latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n", pct(sorted, 50), pct(sorted, 90),
                pct(sorted, 99), sorted.get(n - 1) / 1e6);
        if (pid > 0) {
            System.out.printf(Locale.ROOT, "shop CPU: %d ms in all, %.2f ms per request%n", cpu, (double) cpu / n);
            heaviest(http, url, pid);
        }
    }

    /**
     * The costliest shapes a client can send, each on its own: one thread, one request at a time,
     * so the shop's CPU time over the requests of one shape is that shape's cost. Pages and sort
     * directions vary from request to request, so that none is answered from the answer cache; the
     * last shape also varies its filter, so that every request filters and sorts the whole catalog.
     */
    static void heaviest(HttpClient http, String url, long pid) throws Exception {
        String sorts = "sort=name,%1$s&sort=price,%2$s&sort=createdAt,%1$s";
        String[] shapes = {
                "size=100&" + sorts,
                "size=100&q=cotton&" + sorts,
                "size=100&color=white&sizes=M&minPrice=1&maxPrice=99&q=soft&" + sorts,
                "size=100&minPrice=5&maxPrice=100&" + sorts,
                // A new filter on every request: the sorted list cannot be reused, so this is a whole filter and sort.
                "size=100&minPrice=0.%3$02d&" + sorts };
        int repeats = 400;
        System.out.println("heaviest shapes, one request at a time (" + repeats + " each, pages 0-99, no answer from the cache):");
        for (String shape : shapes) {
            long before = cpuMillis(pid);
            long worst = 0;
            for (int i = 0; i < repeats; i++) {
                String query = String.format(Locale.ROOT, shape, (i / 100) % 2 == 0 ? "asc" : "desc",
                        (i / 200) % 2 == 0 ? "asc" : "desc", i % 100) + "&page=" + (i % 100);
                long start = System.nanoTime();
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url + "/shirts?" + query)).build(),
                        HttpResponse.BodyHandlers.discarding());
                worst = Math.max(worst, System.nanoTime() - start);
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(query + " answered " + response.statusCode());
                }
            }
            long cpu = cpuMillis(pid) - before;
            System.out.printf(Locale.ROOT, "  %-90s shop CPU %.2f ms per request, slowest %.1f ms%n",
                    shape.replace("%1$s", "asc|desc").replace("%2$s", "asc|desc").replace("%3$02d", "NN"), (double) cpu / repeats, worst / 1e6);
        }
    }

    static int run(HttpClient http, String url, int threads, int seconds, ConcurrentLinkedQueue<Long> latencies) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/shirts?" + query())).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        latencies.add(System.nanoTime() - start);
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    }
                    catch (Exception ex) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        return errors.get();
    }

    /** A list query as a storefront and a scraper would vary it: page, size, filters, 0 to 3 sort keys. */
    static String query() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> parts = new ArrayList<>();
        int size = new int[] { 10, 20, 50, 100 }[random.nextInt(4)];
        parts.add("size=" + size);
        // Mostly near the front, sometimes deep, sometimes past the end.
        int page = random.nextInt(10) < 7 ? random.nextInt(10) : random.nextInt(10) < 8 ? random.nextInt(200) : 1_000_000 - random.nextInt(10);
        parts.add("page=" + page);
        if (random.nextInt(3) == 0) {
            parts.add("color=" + COLORS[random.nextInt(COLORS.length)]);
        }
        if (random.nextInt(4) == 0) {
            parts.add("q=" + WORDS[random.nextInt(WORDS.length)]);
        }
        if (random.nextInt(3) == 0) {
            parts.add("sizes=" + SIZES[random.nextInt(SIZES.length)]);
        }
        if (random.nextInt(3) == 0) {
            int min = random.nextInt(50);
            parts.add("minPrice=" + min);
            parts.add("maxPrice=" + (min + 1 + random.nextInt(50)));
        }
        int keys = random.nextInt(4);
        for (int k = 0; k < keys; k++) {
            parts.add("sort=" + SORTS[random.nextInt(SORTS.length)] + (random.nextBoolean() ? ",asc" : ",desc"));
        }
        return String.join("&", parts);
    }

    static void seed(HttpClient http, String url, String password, int count, int threads) throws Exception {
        String session = logIn(http, url, password);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String sizes = String.join(",", List.of(SIZES).subList(random.nextInt(3), 3 + random.nextInt(3)).stream()
                        .map(s -> "\"" + s + "\"").toList());
                    String body = String.format(Locale.ROOT,
                            "{\"name\":\"%s tee %d\",\"color\":\"%s\",\"sizes\":[%s],\"price\":%d.%02d,\"description\":\"%s %s shirt\"}",
                            WORDS[random.nextInt(WORDS.length)], i, COLORS[random.nextInt(COLORS.length)], sizes,
                            5 + random.nextInt(95), random.nextInt(100), WORDS[random.nextInt(WORDS.length)],
                            WORDS[random.nextInt(WORDS.length)]);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/shirts"))
                        .header("Content-Type", "application/json")
                        .header("Cookie", session + "; XSRF-TOKEN=bench").header("X-XSRF-TOKEN", "bench")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 201) {
                            failed.incrementAndGet();
                        }
                    }
                    catch (Exception ex) {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " shirts were not created");
        }
    }

    /** The admin's session cookie, from the login form: one password check, not one per shirt. */
    static String logIn(HttpClient http, String url, String password) throws Exception {
        HttpRequest login = HttpRequest.newBuilder(URI.create(url + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
            .build();
        HttpResponse<Void> response = http.send(login, HttpResponse.BodyHandlers.discarding());
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
            .map(c -> c.split(";", 2)[0]).findFirst()
            .orElseThrow(() -> new IllegalStateException("login answered " + response.statusCode() + " without a session"));
    }

    static int total(HttpClient http, String url) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(url + "/shirts?size=1")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var matcher = java.util.regex.Pattern.compile("\"totalElements\"\\s*:\\s*(\\d+)").matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("No totalElements in " + body);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** User and system CPU time of a process, in ms. */
    static long cpuMillis(long pid) throws Exception {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields 14 and 15 of stat (utime, stime), counted from after the command name; clock ticks of 1/100 s.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    static double pct(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

}
