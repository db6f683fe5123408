package com.example.shop.live.stomp;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

/** The server's end of a WebSocket, without a socket: what is sent to the client is kept in order. */
final class RecordingWebSocketSession implements WebSocketSession {

    final BlockingQueue<String> sent = new LinkedBlockingQueue<>();

    volatile @Nullable CloseStatus closed;

    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    private final String id;

    private int textLimit = 16 * 1024;

    RecordingWebSocketSession(String id) {
        this.id = id;
    }

    /** The next frame sent, heart-beats skipped; fails after a few seconds. */
    String next() throws InterruptedException {
        while (true) {
            String frame = sent.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("No frame sent; closed: " + closed);
            }
            if (!frame.equals("\n")) {
                return frame;
            }
        }
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public URI getUri() {
        return URI.create("ws://localhost/ws");
    }

    @Override
    public HttpHeaders getHandshakeHeaders() {
        return new HttpHeaders();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public @Nullable Principal getPrincipal() {
        return null;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return new InetSocketAddress("127.0.0.1", 50000);
    }

    @Override
    public @Nullable String getAcceptedProtocol() {
        return "v12.stomp";
    }

    @Override
    public void setTextMessageSizeLimit(int messageSizeLimit) {
        textLimit = messageSizeLimit;
    }

    @Override
    public int getTextMessageSizeLimit() {
        return textLimit;
    }

    @Override
    public void setBinaryMessageSizeLimit(int messageSizeLimit) {
    }

    @Override
    public int getBinaryMessageSizeLimit() {
        return 1024;
    }

    @Override
    public List<WebSocketExtension> getExtensions() {
        return List.of();
    }

    @Override
    public void sendMessage(WebSocketMessage<?> message) {
        sent.add(((TextMessage) message).getPayload());
    }

    @Override
    public boolean isOpen() {
        return closed == null;
    }

    @Override
    public void close() {
        close(CloseStatus.NORMAL);
    }

    @Override
    public void close(CloseStatus status) {
        if (closed == null) {
            closed = status;
        }
    }

}
