package com.example.shop.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client that writes and reads STOMP frames as text, byte for byte: what a hostile
 * client would send, without a STOMP library in between to tidy it up. It never sends a heart-beat
 * unless told to.
 */
final class RawStompClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    private final WebSocket socket;

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private final AtomicInteger heartBeats = new AtomicInteger();

    private RawStompClient(URI uri) {
        this.socket = HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("v12.stomp")
            .buildAsync(uri, new Listener())
            .join();
    }

    /** Connects and sends CONNECT with the given heart-beat header; answers once CONNECTED arrived. */
    static RawStompClient connect(int port, String heartBeat) throws InterruptedException {
        RawStompClient client = new RawStompClient(URI.create("ws://localhost:" + port + "/ws"));
        client.send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:" + heartBeat + "\n\n\0");
        String connected = client.next();
        if (!connected.startsWith("CONNECTED")) {
            throw new AssertionError("Expected CONNECTED, got " + connected);
        }
        return client;
    }

    /** Opens the WebSocket and sends nothing. */
    static RawStompClient open(int port) {
        return new RawStompClient(URI.create("ws://localhost:" + port + "/ws"));
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    void subscribe(String id, @Nullable String after) {
        send("SUBSCRIBE\nid:" + id + "\ndestination:/topic/shirts\n" + (after == null ? "" : "after:" + after + "\n")
                + "\n\0");
    }

    /** The next frame (heart-beats skipped), or an AssertionError after {@link #WAIT}. */
    String next() throws InterruptedException {
        String frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("No frame within " + WAIT);
        }
        return frame;
    }

    /** The next frame if one arrives within {@code timeout}, else {@code null}. */
    @Nullable String poll(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many heart-beats (frames of nothing but line breaks) the shop has sent so far. */
    int heartBeatsReceived() {
        return heartBeats.get();
    }

    /** Completes with the close code when the shop closes the connection. */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                if (!frame.isBlank()) {
                    frames.add(frame);
                }
                else {
                    heartBeats.incrementAndGet();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

    }

}
