package com.example.shop.live;

import com.example.shop.live.stomp.StompEndpoint;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.awaitility.Awaitility.await;

/**
 * A real STOMP client over a real WebSocket, as a browser with @stomp/stompjs would be: no
 * credentials, no token. Frames are kept raw (headers and bytes) so tests see exactly what went
 * over the wire.
 */
final class StompTestClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(15);

    static final int RECEIVE_LIMIT = 4 * 1024 * 1024;

    /** A MESSAGE or ERROR frame as received. */
    record Frame(StompHeaders headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        long seqHeader() {
            return Long.parseLong(headers.getFirst("seq"));
        }

    }

    private final WebSocketStompClient client;

    private final StompSession session;

    private final BlockingQueue<Frame> errors;

    private final CompletableFuture<Throwable> closed;

    private final ThreadPoolTaskScheduler scheduler;

    private final StompHeaders connectedHeaders;

    private StompTestClient(WebSocketStompClient client, ThreadPoolTaskScheduler scheduler, StompSession session,
            StompHeaders connectedHeaders, BlockingQueue<Frame> errors, CompletableFuture<Throwable> closed) {
        this.client = client;
        this.scheduler = scheduler;
        this.connectedHeaders = connectedHeaders;
        this.session = session;
        this.errors = errors;
        this.closed = closed;
    }

    static StompTestClient connect(int port) throws Exception {
        return connect(port, null);
    }

    static StompTestClient connect(int port, @Nullable String origin) throws Exception {
        // Reads frames as large as a browser does: the availability snapshot grows with the
        // catalog, past the container's 8 KB and the STOMP client's 64 KB defaults, which would
        // otherwise close the connection (1009) before the RECEIPT that follows the snapshot.
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(RECEIVE_LIMIT);
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
        client.setInboundMessageSizeLimit(RECEIVE_LIMIT);
        // For receipts, and for heart-beats: the client asks for 10 s both ways, like stompjs.
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("stomp-test-client-");
        scheduler.initialize();
        client.setTaskScheduler(scheduler);
        BlockingQueue<Frame> errors = new LinkedBlockingQueue<>();
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        CompletableFuture<StompHeaders> connected = new CompletableFuture<>();
        WebSocketHttpHeaders handshake = new WebSocketHttpHeaders();
        if (origin != null) {
            handshake.setOrigin(origin);
        }
        StompSessionHandlerAdapter handler = new StompSessionHandlerAdapter() {

            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, @Nullable Object payload) {
                // Only ERROR frames come here; messages go to their subscription.
                errors.add(new Frame(headers, payload == null ? new byte[0] : (byte[]) payload));
            }

            @Override
            public void afterConnected(StompSession session, StompHeaders connectedHeaders) {
                connected.complete(connectedHeaders);
            }

            @Override
            public void handleTransportError(StompSession session, Throwable exception) {
                closed.complete(exception);
            }

        };
        try {
            StompSession session = client.connectAsync("ws://localhost:{port}/ws", handshake, new StompHeaders(), handler,
                    port).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return new StompTestClient(client, scheduler, session, connected.get(WAIT.toSeconds(), TimeUnit.SECONDS), errors, closed);
        }
        catch (Exception ex) {
            client.stop();
            scheduler.shutdown();
            throw ex;
        }
    }

    /** Subscribes with a unique subscription id and answers the queue its messages arrive in. */
    Subscription subscribe(String destination) {
        return subscribe(destination, Map.of(), null);
    }

    /** Subscribes with further SUBSCRIBE headers, such as {@code after}. */
    Subscription subscribe(String destination, Map<String, String> extraHeaders) {
        return subscribe(destination, extraHeaders, null);
    }

    /**
     * Subscribes asking for a RECEIPT, and waits for it: when this returns, the server has
     * confirmed that the subscription is registered.
     */
    Subscription subscribeConfirmed(String destination) throws Exception {
        return subscribeConfirmed(destination, Map.of());
    }

    /** Subscribes with further SUBSCRIBE headers, asking for a RECEIPT, and waits for it. */
    Subscription subscribeConfirmed(String destination, Map<String, String> extraHeaders) throws Exception {
        CompletableFuture<Void> receipt = new CompletableFuture<>();
        Subscription subscription = subscribe(destination, extraHeaders, receipt);
        receipt.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return subscription;
    }

    private Subscription subscribe(String destination, Map<String, String> extraHeaders,
            @Nullable CompletableFuture<Void> receipt) {
        String id = UUID.randomUUID().toString();
        BlockingQueue<Frame> messages = new LinkedBlockingQueue<>();
        StompHeaders headers = new StompHeaders();
        extraHeaders.forEach(headers::set);
        headers.setDestination(destination);
        headers.setId(id);
        if (receipt != null) {
            headers.setReceipt("subscribe-" + id);
        }
        StompSession.Subscription subscription = session.subscribe(headers, new StompFrameHandler() {

            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, @Nullable Object payload) {
                messages.add(new Frame(headers, payload == null ? new byte[0] : (byte[]) payload));
            }

        });
        if (receipt != null) {
            subscription.addReceiptTask(() -> receipt.complete(null));
            subscription.addReceiptLostTask(() -> receipt.completeExceptionally(
                    new AssertionError("No RECEIPT for the SUBSCRIBE to " + destination)));
        }
        return new Subscription(id, messages);
    }

    void send(String destination, String body, @Nullable String receipt) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.set("content-type", "application/json");
        if (receipt != null) {
            headers.setReceipt(receipt);
        }
        session.send(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    Frame nextError() throws InterruptedException {
        Frame error = errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (error == null) {
            throw new AssertionError("No STOMP ERROR frame within " + WAIT);
        }
        return error;
    }

    /** Completes when the connection is lost (the server closes it after an ERROR frame). */
    CompletableFuture<Throwable> closed() {
        return closed;
    }

    /** The headers of the CONNECTED frame. */
    StompHeaders connectedHeaders() {
        return connectedHeaders;
    }

    boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public void close() {
        try {
            if (session.isConnected()) {
                session.disconnect();
            }
        }
        catch (MessageDeliveryException ex) {
            // The server closed the connection meanwhile (as it does after an ERROR frame).
        }
        finally {
            client.stop();
            scheduler.shutdown();
        }
    }

    /** A subscription and the messages received on it. */
    record Subscription(String id, BlockingQueue<Frame> messages) {

        Frame next() throws InterruptedException {
            Frame frame = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("No message within " + WAIT + " on subscription " + id);
            }
            return frame;
        }

        /**
         * Waits until the shop follows this subscription, looking into the shop, for tests that
         * subscribe without asking for a receipt: a test that writes right after subscribing
         * would otherwise race the change feed.
         */
        Subscription awaitRegistered(StompEndpoint topic) {
            await().atMost(WAIT).until(() -> topic.isFollowing(id));
            return this;
        }

    }

}
