// A flash sale against running shops: SESSIONS shopper sessions, CONCURRENCY at a time, each
// takes its CSRF token, holds one unit of one size of a new shirt stocked with SESSIONS units, and
// checks out. Sessions are spread over the shops round-robin. Meanwhile one SSE availability
// subscriber per shop follows the channel. Reports holds and checkouts per second with p50 and
// p99 per request, units oversold, and whether every subscriber's final availability equals the
// database's (read by the admin through GET /shirts/{id}/stock).
//
//   java bench/FlashSale.java http://127.0.0.1:8080[,http://127.0.0.1:8081] ADMIN_PASSWORD [SESSIONS] [CONCURRENCY]
//
// Plain JDK (HttpClient), no dependencies. Each shopper comes from an address of its own
// (10.200.x.y in X-Forwarded-For), so the shops must trust the local proxy,
// shop.web.trusted-proxies=127.0.0.1 (bench/flash-sale.sh does); the per-address limits then
// count each shopper apart, as they would a real crowd.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FlashSale {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String[] shops = args[0].split(",");
        String password = args[1];
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));

        // A sale meets shops that have been running, and shoppers' browsers that are not on the
        // shop's machine. WARMUP shoppers first buy other shirts, unmeasured, in this JVM: a few at
        // a time as on an ordinary day, then all CONCURRENCY at once. The shops' JIT then has
        // compiled the request path (on a busy 2-core machine, the compiler gets little CPU while
        // a hundred requests run, and takes several sales to catch up), and so has this client's,
        // whose CPU is taken from the shops' on the same machine.
        int warmup = Integer.parseInt(System.getenv().getOrDefault("WARMUP", "0"));
        if (warmup > 0) {
            int[] rounds = { 1, 4, 1, 4, concurrency, concurrency };
            for (int i = 0; i < rounds.length; i++) {
                int round = rounds[i];
                // Each round a crowd of its own, new to the shops as the sale's is (10.201.x.y, ...).
                Sale sale = sale(shops, basic, warmup, round, 201 + i);
                System.err.printf("warm-up: %d shoppers, %d at a time: %.0f checkouts/s%n", warmup, round, sale.checkouts.size() / sale.seconds);
            }
        }
        String goFile = System.getenv("GO_FILE");
        if (goFile != null) {
            // Told, and then waits for the caller (who starts the availability subscribers and
            // reads the shops' CPU) to make the file.
            System.err.println("warm");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (!java.nio.file.Files.exists(java.nio.file.Path.of(goFile)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        Sale sale = sale(shops, basic, sessions, concurrency, 200);
        System.exit(sale.report(shops, basic, sessions) ? 0 : 1);
    }

    /** What one sale measured; the subscribers still follow its shirt. */
    record Sale(long shirt, int concurrency, double seconds, List<Long> holds, List<Long> heldAt, List<Long> checkouts,
            Map<String, AtomicInteger> outcomes, List<Subscriber> subscribers) {

        boolean report(String[] shops, String basic, int sessions) throws Exception {
            String stock = send(HttpRequest.newBuilder(URI.create(shops[0] + "/shirts/" + shirt + "/stock")).header("Authorization", basic).GET(), 200);
            int onHand = Integer.parseInt(find(stock, "\"stock\":(-?\\d+)"));
            int available = Integer.parseInt(find(stock, "\"available\":(-?\\d+)"));
            int sold = outcomes.getOrDefault("checkout 201", new AtomicInteger()).get();
            int oversold = Math.max(0, sold - sessions) + (onHand < 0 ? -onHand : 0) + Math.max(0, sessions - onHand - sold);

            System.out.printf("sessions %d over %d shop(s), %d at a time, %.1f s%n", sessions, shops.length, concurrency, seconds);
            System.out.println("outcomes " + new java.util.TreeMap<>(outcomes));
            System.out.printf("holds     %6.0f/s  p50 %5.1f ms  p99 %6.1f ms%n", holds.size() / seconds, p(holds, 50), p(holds, 99));
            System.out.printf("checkouts %6.0f/s  p50 %5.1f ms  p99 %6.1f ms%n", checkouts.size() / seconds, p(checkouts, 50), p(checkouts, 99));
            System.out.printf("stock left %d, sold %d, oversold %d%n", onHand, sold, oversold);
            String saleFile = System.getenv("SALE_FILE");
            if (saleFile != null) {
                // Read by bench/client/availability-subscribers.mjs: shirt, size, stocked, the
                // database's availability, then one line per successful hold.
                StringBuilder sale = new StringBuilder(shirt + " M " + sessions + " " + available + "\n");
                heldAt.forEach(t -> sale.append(t).append('\n'));
                java.nio.file.Files.writeString(java.nio.file.Path.of(saleFile), sale);
                // Every request's time, in milliseconds, for bench/flash-sale-plot.sh.
                java.nio.file.Files.write(java.nio.file.Path.of(saleFile + ".holds-ms"), holds.stream().map(n -> String.format(java.util.Locale.ROOT, "%.3f", n / 1e6)).toList());
                java.nio.file.Files.write(java.nio.file.Path.of(saleFile + ".checkouts-ms"), checkouts.stream().map(n -> String.format(java.util.Locale.ROOT, "%.3f", n / 1e6)).toList());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean match = false;
            while (!match && System.nanoTime() < deadline) {
                match = subscribers.stream().allMatch(s -> s.units == available);
                Thread.sleep(50);
            }
            for (Subscriber s : subscribers) {
                System.out.printf("subscriber of %s: %d messages, final availability %d, database %d: %s%n", s.shop, s.messages.get(),
                        s.units, available, s.units == available ? "equal" : "DIFFERENT");
                s.close();
            }
            return oversold == 0 && match;
        }

    }

    /**
     * A new shirt stocked with {@code sessions} units of M, and {@code sessions} shoppers who each
     * hold one and check out, {@code concurrency} at a time, spread over the shops round-robin.
     * Shopper n comes from 10.{@code crowd}.x.y; the sale of crowd 200 is the one measured, and each
     * shop's SSE availability subscriber follows it.
     */
    static Sale sale(String[] shops, String basic, int sessions, int concurrency, int crowd) throws Exception {
        String created = send(HttpRequest.newBuilder(URI.create(shops[0] + "/shirts")).header("Authorization", basic)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"Flash sale " + System.nanoTime() + "\",\"color\":\"red\",\"sizes\":[\"M\"],\"price\":10.00}")), 201);
        long shirt = Long.parseLong(find(created, "\"id\":(\\d+)"));
        send(HttpRequest.newBuilder(URI.create(shops[0] + "/shirts/" + shirt + "/stock")).header("Authorization", basic)
            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"M\":" + sessions + "}")), 200);

        List<Subscriber> subscribers = new ArrayList<>();
        if (crowd == 200) {
            for (String shop : shops) {
                subscribers.add(new Subscriber(shop, shirt));
            }
        }
        List<Long> holds = Collections.synchronizedList(new ArrayList<>());
        // Wall-clock time of every successful hold's answer, for the subscribers' hold-to-arrival.
        List<Long> heldAt = Collections.synchronizedList(new ArrayList<>());
        List<Long> checkouts = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        Semaphore done = new Semaphore(0);
        long start = System.nanoTime();
        for (int i = 0; i < sessions; i++) {
            String shop = shops[i % shops.length];
            int shopper = i;
            pool.execute(() -> {
                try {
                    // Each shopper from an address of its own, as a crowd is, forwarded by the
                    // local proxy the shops trust: the per-address limits count each one apart.
                    int n = shopper;
                    Session session = new Session(shop, "10." + crowd + "." + (n / 250) + "." + (n % 250 + 1));
                    session.send("GET", "/cart", null, Map.of());
                    long t0 = System.nanoTime();
                    int held = session.send("PUT", "/cart/items/" + shirt + "/M", "{\"quantity\":1}", Map.of()).statusCode();
                    holds.add(System.nanoTime() - t0);
                    if (held == 200) {
                        heldAt.add(System.currentTimeMillis());
                    }
                    outcomes.computeIfAbsent("hold " + held, k -> new AtomicInteger()).incrementAndGet();
                    if (held == 200) {
                        long t1 = System.nanoTime();
                        int placed = session.send("POST", "/orders",
                                "{\"name\":\"Flash\",\"email\":\"flash@example.com\",\"address\":\"Main Street 1\"}",
                                Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString())).statusCode();
                        checkouts.add(System.nanoTime() - t1);
                        outcomes.computeIfAbsent("checkout " + placed, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                catch (Exception ex) {
                    outcomes.computeIfAbsent("error " + ex.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                }
                finally {
                    done.release();
                }
            });
        }
        done.acquire(sessions);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Sale(shirt, concurrency, seconds, holds, heldAt, checkouts, outcomes, subscribers);
    }

    static double p(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("No " + regex + " in " + text);
        }
        return matcher.group(1);
    }

    static String send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** One shopper: cookies kept here, the CSRF token sent back as a browser page does. */
    static final class Session {

        final String base;

        final String address;

        final Map<String, String> cookies = new HashMap<>();

        Session(String base, String address) {
            this.base = base;
            this.address = address;
        }

        HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json").header("Sec-Fetch-Site", "same-origin")
                .header("X-Forwarded-For", address);
            headers.forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (!cookies.isEmpty()) {
                request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            if (cookies.containsKey("XSRF-TOKEN")) {
                request.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return response;
        }

    }

    /** Follows /availability/stream as a client does: snapshot, then changes with a larger seq. */
    static final class Subscriber implements AutoCloseable {

        final String shop;

        final AtomicInteger messages = new AtomicInteger();

        volatile int units = -1;

        private long seq = -1;

        private final Thread reader;

        Subscriber(String shop, long shirt) {
            this.shop = shop;
            Pattern units = Pattern.compile("\"" + shirt + "\":\\{\"M\":(\\d+)\\}");
            this.reader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        HTTP.send(HttpRequest.newBuilder(URI.create(shop + "/availability/stream")).header("Accept", "text/event-stream").build(),
                                HttpResponse.BodyHandlers.ofLines()).body().forEach(line -> {
                                    if (!line.startsWith("data:")) {
                                        return;
                                    }
                                    messages.incrementAndGet();
                                    String data = line.substring(5);
                                    long messageSeq = Long.parseLong(find(data, "\"seq\":(\\d+)"));
                                    boolean snapshot = data.contains("\"availability.snapshot\"");
                                    if (snapshot || messageSeq > seq) {
                                        seq = messageSeq;
                                        Matcher matcher = units.matcher(data);
                                        if (matcher.find()) {
                                            this.units = Integer.parseInt(matcher.group(1));
                                        }
                                    }
                                });
                    }
                    catch (Exception ex) {
                        if (Thread.currentThread().isInterrupted()) {
                            return;
                        }
                    }
                }
            }, "subscriber-" + shop);
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void close() {
            reader.interrupt();
        }

    }

}
