import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connects, subscribes to /topic/shirts (with a receipt) and closes, CYCLES times, a few
 * connections at a time, with no change made: what a client that keeps reconnecting leaves in the
 * shop. Single-file program:
 *   java bench/Churn.java ws://127.0.0.1:18432/ws 10000 20
 * Prints one line: RESULT cycles=N failed=F seconds=S.
 */
public class Churn {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int cycles = Integer.parseInt(args[1]);
        int parallel = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        HttpClient http = HttpClient.newHttpClient();
        Semaphore slots = new Semaphore(parallel);
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            slots.acquire();
            CompletableFuture<Void> receipt = new CompletableFuture<>();
            http.newWebSocketBuilder()
                .subprotocols("v12.stomp")
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Listener(receipt))
                .thenCompose(socket -> socket
                    .sendText("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0", true)
                    .thenCompose(s -> s.sendText("SUBSCRIBE\nid:sub-0\ndestination:/topic/shirts\nreceipt:r\n\n\0", true))
                    .thenCompose(s -> receipt.orTimeout(10, TimeUnit.SECONDS))
                    .whenComplete((ok, ex) -> socket.abort()))
                .whenComplete((ok, ex) -> {
                    if (ex != null) {
                        failed.incrementAndGet();
                    }
                    slots.release();
                });
        }
        slots.acquire(parallel);
        System.out.printf("RESULT cycles=%d failed=%d seconds=%.1f%n", cycles, failed.get(),
                (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    record Listener(CompletableFuture<Void> receipt) implements WebSocket.Listener {

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (data.toString().startsWith("RECEIPT")) {
                receipt.complete(null);
            }
            socket.request(1);
            return null;
        }

    }

}
