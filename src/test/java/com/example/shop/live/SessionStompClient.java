package com.example.shop.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import com.example.shop.Shopper;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A STOMP client over a real WebSocket that opens its connection with a shopper's session cookie,
 * as a page of that shopper does: the connection's principal is that session's. Frames are read as
 * text and parsed here (command, headers, body), so a test sees exactly what the shop sent.
 */
final class SessionStompClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One STOMP frame as received. */
    record Frame(String command, Map<String, String> headers, String body) {

        @Nullable String header(String name) {
            return headers.get(name);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

    }

    private final WebSocket socket;

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private SessionStompClient(URI uri, @Nullable String cookie, @Nullable String forwardedFor) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().subprotocols("v12.stomp");
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (forwardedFor != null) {
            // As through the test profile's trusted proxy: a client address of its own, so that
            // many connections do not meet the per-address limit.
            builder.header("X-Forwarded-For", forwardedFor);
        }
        this.socket = builder.buildAsync(uri, new Listener()).join();
    }

    /** Connects as {@code shopper} (their session cookie; none if they have no session yet). */
    static SessionStompClient connect(int port, Shopper shopper) throws InterruptedException {
        String session = shopper.cookie("JSESSIONID");
        return connect(port, session == null ? null : "JSESSIONID=" + session);
    }

    static SessionStompClient connect(int port, @Nullable String cookie) throws InterruptedException {
        return connect(port, cookie, null);
    }

    static SessionStompClient connect(int port, @Nullable String cookie, @Nullable String forwardedFor)
            throws InterruptedException {
        SessionStompClient client = new SessionStompClient(URI.create("ws://localhost:" + port + "/ws"), cookie, forwardedFor);
        client.send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0");
        Frame connected = client.next();
        if (!connected.command().equals("CONNECTED")) {
            throw new AssertionError("Expected CONNECTED, got " + connected);
        }
        return client;
    }

    /** Opens the WebSocket with these headers and nothing else (for handshake checks). */
    static CompletableFuture<WebSocket> handshake(int port, @Nullable String cookie, @Nullable String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().subprotocols("v12.stomp");
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {
        });
    }

    void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** SUBSCRIBE with a receipt, so the caller can wait until the subscription is in place. */
    void subscribe(String id, String destination, String... headers) {
        StringBuilder frame = new StringBuilder("SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\n");
        for (String header : headers) {
            frame.append(header).append('\n');
        }
        send(frame.append("\n\0").toString());
    }

    /** The next frame, or an AssertionError after {@link #WAIT}. */
    Frame next() throws InterruptedException {
        Frame frame = frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("No frame within " + WAIT);
        }
        return frame;
    }

    /** The next frame if one arrives within {@code timeout}, else {@code null}. */
    @Nullable Frame poll(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Everything received and not yet taken. */
    List<Frame> drain() {
        List<Frame> all = new ArrayList<>();
        frames.drainTo(all);
        return all;
    }

    /** Completes with the close code when the connection closes. */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        socket.abort();
    }

    static Frame parse(String text) {
        int end = text.indexOf("\n\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 2);
        if (body.endsWith("\0")) {
            body = body.substring(0, body.length() - 1);
        }
        String[] lines = head.split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                // STOMP: the first of repeated headers counts.
                headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
            }
        }
        return new Frame(lines[0].strip(), headers, body);
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
                    frames.add(parse(frame.stripLeading()));
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
