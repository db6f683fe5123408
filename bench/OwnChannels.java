// The shoppers and the admin scripts of bench/own-channels.sh, against running shops. Plain JDK
// (HttpClient), no dependencies.
//
//   java bench/OwnChannels.java seed  SHOPS PASSWORD SHOPPERS CONCURRENCY OUT
//     Stocks new shirts (one per 200 shoppers, at most 50) and makes SHOPPERS shoppers, round-robin over the shops (comma-separated
//     base URLs), CONCURRENCY at a time: each opens its session, holds one unit and checks out.
//     Writes one line per shopper to OUT: "<shop index> <order id> <Cookie header>".
//
//   java bench/OwnChannels.java drive SHOPS PASSWORD SHOPPERS_FILE RATE STATUS OUT
//     The admin scripts: moves every order of SHOPPERS_FILE to STATUS (PAID, then SHIPPED in a
//     second run) with PATCH /orders/{id}, RATE per second in all, through the shops in turn.
//     Writes one line per change to OUT: "<order id> <status> <sent, ms since the epoch> <answered>
//     <HTTP status>", and prints changes per second with p50 and p99 per request.
//
// Shoppers come from one address here, so the shops must run with the per-address caps raised
// (bench/own-channels.sh does).

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class OwnChannels {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String[] shops = args[1].split(",");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + args[2]).getBytes(StandardCharsets.UTF_8));
        switch (args[0]) {
            case "seed" -> seed(shops, basic, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
            case "drive" -> drive(shops, basic, Path.of(args[3]), Integer.parseInt(args[4]), args[5], Path.of(args[6]));
            default -> throw new IllegalArgumentException("seed or drive, not " + args[0]);
        }
    }

    static void seed(String[] shops, String basic, int shoppers, int concurrency, Path out) throws Exception {
        // Shirts enough that the shoppers do not all queue on one stock row: this measures the
        // channels, not a flash sale (bench/flash-sale.sh does that).
        int shirtCount = Math.max(1, Math.min(50, shoppers / 200));
        long[] shirts = new long[shirtCount];
        for (int k = 0; k < shirtCount; k++) {
            String created = send(HttpRequest.newBuilder(URI.create(shops[0] + "/shirts")).header("Authorization", basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"Own channels " + k + " " + System.currentTimeMillis() + "\",\"color\":\"blue\",\"sizes\":[\"M\"],\"price\":10.00}")), 201);
            shirts[k] = Long.parseLong(find(created, "\"id\":(\\d+)"));
            send(HttpRequest.newBuilder(URI.create(shops[0] + "/shirts/" + shirts[k] + "/stock")).header("Authorization", basic)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"M\":" + shoppers + "}")), 200);
        }
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        CountDownLatch done = new CountDownLatch(shoppers);
        long start = System.nanoTime();
        for (int i = 0; i < shoppers; i++) {
            int shop = i % shops.length;
            long shirt = shirts[i % shirtCount];
            pool.execute(() -> {
                try {
                    Session session = new Session(shops[shop]);
                    session.send("GET", "/cart", null, Map.of());
                    HttpResponse<String> held = session.send("PUT", "/cart/items/" + shirt + "/M", "{\"quantity\":1}", Map.of());
                    if (held.statusCode() != 200) {
                        throw new IllegalStateException("hold " + held.statusCode());
                    }
                    HttpResponse<String> placed = session.send("POST", "/orders",
                            "{\"name\":\"Own\",\"email\":\"own@example.com\",\"address\":\"Main Street 1\"}",
                            Map.of("Idempotency-Key", UUID.randomUUID().toString()));
                    if (placed.statusCode() != 201) {
                        throw new IllegalStateException("checkout " + placed.statusCode());
                    }
                    lines.add(shop + " " + find(placed.body(), "\"id\":\"([^\"]+)\"") + " " + session.cookieHeader());
                }
                catch (Exception ex) {
                    failures.computeIfAbsent(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage(),
                            k -> new AtomicInteger()).incrementAndGet();
                }
                finally {
                    done.countDown();
                }
            });
        }
        done.await();
        pool.shutdown();
        Files.write(out, lines);
        System.out.printf("seeded %d shoppers with an order each over %d shop(s) in %.1f s; failures %s%n", lines.size(),
                shops.length, (System.nanoTime() - start) / 1e9, new TreeMap<>(failures));
    }

    static void drive(String[] shops, String basic, Path shoppers, int rate, String status, Path out) throws Exception {
        List<String> orders = Files.readAllLines(shoppers).stream().map(line -> line.split(" ", 3)[1])
            .limit(System.getenv("CHANGES") == null ? Long.MAX_VALUE : Long.parseLong(System.getenv("CHANGES"))).toList();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> codes = new ConcurrentHashMap<>();
        // Signed in once, as an admin script that changes many orders would: the session (one for
        // both shops, kept in their database) and its CSRF token then go with every change. Basic
        // authentication on each request would verify the password's hash each time, which costs
        // more CPU than the change itself.
        Session admin = new Session(shops[0]);
        admin.send("GET", "/login", null, Map.of());
        admin.form("/login", "username=admin&password=" + java.net.URLEncoder.encode(
                new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).substring(6), StandardCharsets.UTF_8));
        admin.send("GET", "/cart", null, Map.of());
        String cookie = admin.cookieHeader();
        String token = admin.cookies.get("XSRF-TOKEN");
        if (token == null || !admin.cookies.containsKey("JSESSIONID")) {
            throw new IllegalStateException("Not signed in: " + admin.cookies.keySet());
        }
        CountDownLatch done = new CountDownLatch(orders.size());
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < orders.size(); i++) {
            // Paced to RATE a second in all, whatever the answers take: the admin scripts do not wait.
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String order = orders.get(i);
            String shop = shops[i % shops.length];
            long sent = System.currentTimeMillis();
            long t0 = System.nanoTime();
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create(shop + "/orders/" + order)).timeout(Duration.ofSeconds(30))
                .header("Cookie", cookie).header("X-XSRF-TOKEN", token).header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"status\":\"" + status + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    int code = failure != null ? 0 : response.statusCode();
                    nanos.add(System.nanoTime() - t0);
                    codes.computeIfAbsent(code, k -> new AtomicInteger()).incrementAndGet();
                    lines.add(order + " " + status + " " + sent + " " + System.currentTimeMillis() + " " + code);
                    done.countDown();
                });
        }
        done.await(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.write(out, lines);
        System.out.printf("%s: %d changes in %.1f s (%.0f/s), answers %s, p50 %.1f ms, p99 %.1f ms%n", status, lines.size(),
                seconds, lines.size() / seconds, new TreeMap<>(codes), p(nanos, 50), p(nanos, 99));
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

        final Map<String, String> cookies = new HashMap<>();

        Session(String base) {
            this.base = base;
        }

        String cookieHeader() {
            return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        /** A form post, as the login page sends it. */
        HttpResponse<String> form(String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Sec-Fetch-Site", "same-origin").header("Cookie", cookieHeader());
            if (cookies.containsKey("XSRF-TOKEN")) {
                request.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            keep(response);
            return response;
        }

        private void keep(HttpResponse<String> response) {
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq == pair.length() - 1) {
                    cookies.remove(pair.substring(0, eq));
                }
                else {
                    cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }

        HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json").header("Sec-Fetch-Site", "same-origin");
            headers.forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookieHeader());
            }
            if (cookies.containsKey("XSRF-TOKEN")) {
                request.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            keep(response);
            return response;
        }

    }

}
