import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A STOMP load client: opens many plain-WebSocket STOMP connections to the shop, subscribes each to
 * /topic/shirts, answers heart-beats, and measures how long each catalog change takes from commit
 * (its occurredAt) to arrival on every connection. One process holds a few thousand connections; run
 * several, each bound to its own loopback address, to go past one process's open-file limit.
 *
 * Run with JDK 21 or newer (HttpClient.Builder.localAddress), as a single-file program:
 *   java bench/StompLoad.java --url ws://127.0.0.1:8080/ws --connections 6400 --bind 127.0.0.2 \
 *        --expect 10 --max-seconds 600
 * It prints progress lines and, at the end, one line starting with RESULT (JSON), then exits by itself.
 */
public class StompLoad {

    static final Pattern SEQ = Pattern.compile("\nseq:(\\d+)\n");

    static final Pattern OCCURRED = Pattern.compile("\"occurredAt\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI url = URI.create(options.getOrDefault("url", "ws://127.0.0.1:8080/ws"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "1000"));
        String bind = options.getOrDefault("bind", "127.0.0.1");
        int expect = Integer.parseInt(options.getOrDefault("expect", "10"));
        long maxSeconds = Long.parseLong(options.getOrDefault("max-seconds", "600"));
        int inFlight = Integer.parseInt(options.getOrDefault("in-flight", "200"));

        HttpClient client = HttpClient.newBuilder()
            .localAddress(InetAddress.getByName(bind))
            .connectTimeout(Duration.ofSeconds(30))
            .build();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger subscribed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Map<Long, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
        List<Listener> listeners = Collections.synchronizedList(new ArrayList<>());
        Semaphore permits = new Semaphore(inFlight);
        long started = System.nanoTime();

        for (int i = 0; i < connections; i++) {
            permits.acquire();
            var listener = new Listener(subscribed, closed, errors, latencies, permits);
            listeners.add(listener);
            client.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(url, listener)
                .whenComplete((ws, ex) -> {
                    if (ex != null) {
                        failed.incrementAndGet();
                        permits.release();
                        return;
                    }
                    open.incrementAndGet();
                    listener.socket = ws;
                    listener.send(ws, "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:10000,10000\n\n\u0000");
                });
        }

        var scheduler = Executors.newSingleThreadScheduledExecutor();
        // Client heart-beats: an end-of-line on every connection every 10 s, as negotiated.
        scheduler.scheduleAtFixedRate(() -> {
            synchronized (listeners) {
                for (Listener listener : listeners) {
                    WebSocket ws = listener.socket;
                    if (ws != null && !ws.isOutputClosed()) {
                        listener.send(ws, "\n");
                    }
                }
            }
        }, 10, 10, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(() -> System.out.printf(
                "PROGRESS bind=%s open=%d subscribed=%d failed=%d closed=%d errors=%d changes=%d%n", bind, open.get(),
                subscribed.get(), failed.get(), closed.get(), errors.get(), latencies.size()), 2, 5, TimeUnit.SECONDS);

        long deadline = started + TimeUnit.SECONDS.toNanos(maxSeconds);
        while (System.nanoTime() < deadline) {
            boolean done = latencies.size() >= expect
                    && latencies.values().stream().allMatch(q -> q.size() >= subscribed.get());
            if (done) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        List<Long> all = new ArrayList<>();
        int complete = 0;
        for (var entry : latencies.entrySet()) {
            all.addAll(entry.getValue());
            if (entry.getValue().size() >= subscribed.get()) {
                complete++;
            }
        }
        Collections.sort(all);
        System.out.printf("RESULT {\"bind\":\"%s\",\"connections\":%d,\"open\":%d,\"subscribed\":%d,\"failed\":%d,"
                + "\"closed\":%d,\"errors\":%d,\"changes\":%d,\"changesOnEveryConnection\":%d,\"deliveries\":%d,"
                + "\"p50ms\":%d,\"p99ms\":%d,\"maxms\":%d}%n", bind, connections, open.get(), subscribed.get(),
                failed.get(), closed.get(), errors.get(), latencies.size(), complete, all.size(), pct(all, 50),
                pct(all, 99), all.isEmpty() ? -1 : all.get(all.size() - 1));
        System.exit(0);
    }

    static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static final class Listener implements WebSocket.Listener {

        private final StringBuilder buffer = new StringBuilder();

        volatile WebSocket socket;

        private final AtomicInteger subscribed;

        private final AtomicInteger closed;

        private final AtomicInteger errors;

        private final Map<Long, ConcurrentLinkedQueue<Long>> latencies;

        private final Semaphore permits;

        private boolean released;

        // The JDK's WebSocket allows one outstanding send: chain them, or a heart-beat sent while the
        // SUBSCRIBE is on its way would make one of them fail.
        private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

        synchronized void send(WebSocket ws, String frame) {
            sending = sending.handle((done, ex) -> null).thenCompose(ignored -> ws.sendText(frame, true));
        }

        Listener(AtomicInteger subscribed, AtomicInteger closed, AtomicInteger errors,
                Map<Long, ConcurrentLinkedQueue<Long>> latencies, Semaphore permits) {
            this.subscribed = subscribed;
            this.closed = closed;
            this.errors = errors;
            this.latencies = latencies;
            this.permits = permits;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            int end;
            while ((end = buffer.indexOf("\u0000")) >= 0) {
                String frame = buffer.substring(0, end);
                buffer.delete(0, end + 1);
                handle(ws, frame.stripLeading());
            }
            ws.request(1);
            return null;
        }

        private void handle(WebSocket ws, String frame) {
            if (frame.startsWith("CONNECTED")) {
                send(ws, "SUBSCRIBE\nid:0\ndestination:/topic/shirts\nreceipt:subscribed\n\n\u0000");
            }
            else if (frame.startsWith("RECEIPT")) {
                // The shop confirms the subscription once the broker has registered it.
                subscribed.incrementAndGet();
                release();
            }
            else if (frame.startsWith("MESSAGE")) {
                long now = System.currentTimeMillis();
                Matcher seq = SEQ.matcher(frame);
                Matcher occurred = OCCURRED.matcher(frame);
                if (seq.find() && occurred.find()) {
                    long latency = now - Instant.parse(occurred.group(1)).toEpochMilli();
                    latencies.computeIfAbsent(Long.parseLong(seq.group(1)), k -> new ConcurrentLinkedQueue<>())
                        .add(latency);
                }
            }
            else if (frame.startsWith("ERROR")) {
                errors.incrementAndGet();
                release();
            }
        }

        private void release() {
            if (!released) {
                released = true;
                permits.release();
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.incrementAndGet();
            release();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            errors.incrementAndGet();
            release();
        }

    }

}
