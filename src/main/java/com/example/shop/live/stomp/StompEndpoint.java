package com.example.shop.live.stomp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.BufferingStompDecoder;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipal;
import com.example.shop.live.hub.Prepared;
import com.example.shop.live.hub.Subscriber;
import com.example.shop.live.outbound.Connection;
import com.example.shop.live.outbound.Connections;
import com.example.shop.web.RateLimitedLog;

import tools.jackson.databind.json.JsonMapper;

/**
 * The STOMP endpoint: one {@link Session} per WebSocket, frames read with Spring's
 * {@link BufferingStompDecoder} (parts of a frame put together up to the size limit), written
 * through the connection's {@link Connection}. A frame the shop refuses gets an ERROR frame that
 * says what was wrong and what is allowed, logged as one WARN line at most per interval and
 * command, and the connection is closed once it is written.
 */
public final class StompEndpoint implements WebSocketHandler, SubProtocolCapable {

    /** The session attribute the handshake leaves the connection's principal in. */
    public static final String PRINCIPAL = StompEndpoint.class.getName() + ".principal";

    /** Tomcat's per-session bound on a blocking write, in milliseconds (a {@code Long}). */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    /**
     * The longest subscription id accepted. Each id of a message's subscribers gets a frame of its
     * own, so an id's length is work for every message; stompjs's ids are a few characters.
     */
    public static final int MAX_ID_LENGTH = 256;

    private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

    /**
     * The endpoint's limits.
     *
     * @param heartBeat the shop's heart-beat interval, both ways, as CONNECTED announces it
     * @param messageSizeLimit the largest frame a client may send, in bytes
     * @param textBuffer the largest part of a frame the container hands over at once, in characters
     * @param maxSubscriptions the most subscriptions per connection
     * @param maxReplaysPerMinute the most SUBSCRIBE frames with {@code after} per connection and minute
     * @param maxReplay the most entries a resuming subscription is replayed
     * @param sendTimeLimit the container's bound on one write
     */
    public record Settings(Duration heartBeat, int messageSizeLimit, int textBuffer, int maxSubscriptions,
            int maxReplaysPerMinute, int maxReplay, Duration sendTimeLimit) {
    }

    private final LiveHub hub;

    private final Connections connections;

    private final JsonMapper json;

    private final Settings settings;

    private final StompHeartBeats heartBeats;

    private final RateLimitedLog refusals;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private final AtomicInteger subscriptionCount = new AtomicInteger();

    private final String subscribeHint;

    public StompEndpoint(LiveHub hub, Connections connections, JsonMapper json, Settings settings, Duration warnInterval) {
        this.hub = hub;
        this.connections = connections;
        this.json = json;
        this.settings = settings;
        this.heartBeats = new StompHeartBeats(settings.heartBeat().toMillis());
        this.refusals = new RateLimitedLog(LoggerFactory.getLogger(StompEndpoint.class), warnInterval);
        this.subscribeHint = hub.channels().stream()
            .filter(channel -> channel.destination().startsWith("/topic/"))
            .map(LiveChannel::destination)
            .findFirst()
            .orElse("a topic");
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of("v12.stomp", "v11.stomp", "v10.stomp");
    }

    /** STOMP connections open now. */
    public int sessions() {
        return sessions.size();
    }

    /** Subscriptions of every connection. */
    public int subscriptions() {
        return subscriptionCount.get();
    }

    /** Whether a subscription with this id is in place, replay sent, receiving live messages. */
    public boolean isFollowing(String subscriptionId) {
        return sessions.values().stream().anyMatch(session -> session.isFollowing(subscriptionId));
    }

    public StompHeartBeats heartBeats() {
        return heartBeats;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        boundBlockingWrites(socket);
        if (socket.getTextMessageSizeLimit() > settings.textBuffer()) {
            // Frames are taken in parts: the decoder, not the container's buffer, decides what is too large.
            socket.setTextMessageSizeLimit(settings.textBuffer());
        }
        Object principal = socket.getAttributes().get(PRINCIPAL);
        Session session = new Session(socket, principal instanceof LivePrincipal known ? known : LivePrincipal.ANONYMOUS);
        sessions.put(socket.getId(), session);
    }

    /**
     * Ends a write to a client that stopped reading after the send time limit: Tomcat's blocking
     * send gives up after its timeout, then closes the connection.
     */
    private void boundBlockingWrites(WebSocketSession socket) {
        if (WebSocketSessionDecorator.unwrap(socket) instanceof NativeWebSocketSession raw
                && raw.getNativeSession() instanceof jakarta.websocket.Session endpoint) {
            endpoint.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, settings.sendTimeLimit().toMillis());
        }
    }

    @Override
    public void handleMessage(WebSocketSession socket, WebSocketMessage<?> message) {
        Session session = sessions.get(socket.getId());
        if (session == null) {
            return;
        }
        session.connection.received();
        if (!(message instanceof TextMessage text)) {
            session.refuse(null, "STOMP frames are text; binary messages are not accepted.", "binary");
            return;
        }
        session.read(text.getPayload());
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        LoggerFactory.getLogger(StompEndpoint.class).debug("Transport error on {}: {}", socket.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus closeStatus) {
        Session session = sessions.remove(socket.getId());
        if (session != null) {
            session.gone();
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    /** A frame the shop refuses; the client gets an ERROR frame with this message. */
    static final class RefusedException extends RuntimeException {

        RefusedException(String message) {
            super(message, null, false, false);
        }

    }

    /** One STOMP connection: what it has subscribed, and its way out. */
    private final class Session implements Connection.Sink {

        private final WebSocketSession socket;

        private final LivePrincipal principal;

        private final Connection connection;

        private final BufferingStompDecoder decoder = new BufferingStompDecoder(new StompDecoder(), settings.messageSizeLimit());

        private final Runnable unregister;

        // Guarded by this; a handful at most.
        private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

        // When this connection's last resumes started (System.nanoTime), oldest first. Guarded by this.
        private final ArrayDeque<Long> replays = new ArrayDeque<>();

        // Only the thread reading this connection uses these.
        private boolean connected;

        private boolean refused;

        Session(WebSocketSession socket, LivePrincipal principal) {
            this.socket = socket;
            this.principal = principal;
            this.connection = connections.open(socket.getId(), this, this::gone);
            // Heard from when a frame or a heart-beat arrives: the session check keeps its HTTP
            // session alive while it does, as Spring Session's WebSocket support would.
            this.unregister = hub.opened(principal, () -> connection.close(Connection.Reason.NORMAL),
                    connection::lastReceived);
        }

        void read(String payload) {
            if (refused) {
                return;
            }
            if (decoder.getBufferSize() == 0 && isHeartBeat(payload)) {
                // Only shows that the client is there, which is noted already.
                return;
            }
            List<Message<byte[]>> frames;
            try {
                frames = decoder.decode(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
            }
            catch (StompConversionException | IllegalArgumentException ex) {
                refuse(null, "Malformed STOMP frame, or a frame larger than the shop accepts.", "unreadable");
                return;
            }
            for (Message<byte[]> frame : frames) {
                StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(frame, StompHeaderAccessor.class);
                if (headers == null || headers.isHeartbeat()) {
                    continue;
                }
                try {
                    handle(headers);
                }
                catch (RefusedException | LiveHub.RefusedException ex) {
                    String text = ex instanceof LiveHub.RefusedException ? "Forbidden: " + ex.getMessage() : "Refused: " + ex.getMessage();
                    refuse(headers, text, String.valueOf(headers.getCommand()));
                }
                if (refused) {
                    return;
                }
            }
        }

        private void handle(StompHeaderAccessor headers) {
            StompCommand command = headers.getCommand();
            if (command == null) {
                throw new RefusedException("Unknown command.");
            }
            if (!connected && command != StompCommand.CONNECT && command != StompCommand.STOMP) {
                refuse(headers, "Send a CONNECT frame first.", String.valueOf(command));
                return;
            }
            switch (command) {
                case CONNECT, STOMP -> connect(headers);
                case SUBSCRIBE -> subscribe(headers);
                case UNSUBSCRIBE -> unsubscribe(headers);
                case DISCONNECT -> disconnect(headers);
                case SEND -> refuse(headers, "Forbidden: only the shop publishes; clients may not SEND (to "
                        + abbreviate(String.valueOf(headers.getDestination())) + "). Subscribe to " + subscribeHint
                        + " to receive changes.", "SEND");
                default -> refuse(headers, "Forbidden: " + command + " is not supported; clients may CONNECT and SUBSCRIBE to "
                        + subscribeHint + ".", String.valueOf(command));
            }
        }

        private void connect(StompHeaderAccessor headers) {
            if (connected) {
                throw new RefusedException("This connection is connected already.");
            }
            connected = true;
            connection.connected();
            long[] client = headers.getHeartbeat();
            long server = settings.heartBeat().toMillis();
            connection.send(StompFrames.connected(version(headers), server, server));
            connection.heartBeatEvery(heartBeats.dueAfter(client[1]), StompFrames.HEART_BEAT);
            if (client[0] > 0 && server > 0) {
                // The client sends every max(its value, ours): at least ours. Ours, not the client's,
                // sets how long it may be silent, so that no client can ask to be held longer.
                connection.expectHeartBeats(Duration.ofMillis(server));
            }
        }

        private String version(StompHeaderAccessor headers) {
            var accepted = headers.getAcceptVersion();
            if (accepted == null || accepted.isEmpty() || accepted.contains("1.2")) {
                return "1.2";
            }
            if (accepted.contains("1.1")) {
                return "1.1";
            }
            throw new RefusedException("Supported STOMP versions are 1.1 and 1.2.");
        }

        private void subscribe(StompHeaderAccessor headers) {
            String id = headers.getSubscriptionId();
            if (id == null || id.isBlank()) {
                throw new RefusedException("A SUBSCRIBE needs an id header.");
            }
            if (id.length() > MAX_ID_LENGTH) {
                throw new RefusedException("A subscription id may be at most " + MAX_ID_LENGTH
                        + " characters long; this one has " + id.length() + ".");
            }
            String destination = headers.getDestination();
            if (destination == null) {
                throw new RefusedException("A SUBSCRIBE needs a destination header.");
            }
            Long after = after(headers);
            String epoch = headers.getFirstNativeHeader("epoch");
            Subscription subscription;
            synchronized (this) {
                if (subscriptions.containsKey(id)) {
                    throw new RefusedException("Subscription id " + quote(id)
                            + " is already in use on this connection; each SUBSCRIBE needs an id of its own.");
                }
                if (subscriptions.size() >= settings.maxSubscriptions()) {
                    throw new RefusedException("At most " + settings.maxSubscriptions() + " subscriptions per connection "
                            + "(shop.websocket.max-subscriptions); one subscription to a destination receives all of it.");
                }
                if (after != null) {
                    startReplay();
                }
                subscription = new Subscription(this, id);
                subscriptions.put(id, subscription);
                subscriptionCount.incrementAndGet();
            }
            String receipt = headers.getReceipt();
            try {
                hub.subscribe(destination, principal, subscription, after, epoch == null ? null : epoch.strip(),
                        settings.maxReplay(), seq -> {
                            subscription.joined = true;
                            if (receipt != null) {
                                connection.send(StompFrames.receipt(receipt));
                            }
                        });
            }
            catch (LiveHub.RefusedException ex) {
                remove(id);
                throw ex;
            }
        }

        /**
         * Counts a resume (a SUBSCRIBE with {@code after}), at most so many in any minute: each costs
         * reading the log, and UNSUBSCRIBE frees the subscription for the next.
         */
        private void startReplay() {
            long now = System.nanoTime();
            while (!replays.isEmpty() && now - replays.peekFirst() >= MINUTE_NANOS) {
                replays.pollFirst();
            }
            if (replays.size() >= settings.maxReplaysPerMinute()) {
                throw new RefusedException("At most " + settings.maxReplaysPerMinute() + " SUBSCRIBE frames with after per minute "
                        + "on one connection (shop.websocket.max-replays-per-minute).");
            }
            replays.addLast(now);
        }

        private void unsubscribe(StompHeaderAccessor headers) {
            String id = headers.getSubscriptionId();
            if (id != null) {
                remove(id);
            }
            receipt(headers);
        }

        private void disconnect(StompHeaderAccessor headers) {
            receipt(headers);
            closeAll();
            connection.closeAfterWritten(Connection.Reason.NORMAL);
        }

        private void receipt(StompHeaderAccessor headers) {
            String receipt = headers.getReceipt();
            if (receipt != null) {
                connection.send(StompFrames.receipt(receipt));
            }
        }

        private void remove(String id) {
            Subscription subscription;
            synchronized (this) {
                subscription = subscriptions.remove(id);
            }
            if (subscription != null) {
                subscription.open = false;
                subscriptionCount.decrementAndGet();
                hub.left();
            }
        }

        private void closeAll() {
            int closed;
            synchronized (this) {
                subscriptions.values().forEach(subscription -> subscription.open = false);
                closed = subscriptions.size();
                subscriptions.clear();
            }
            if (closed > 0) {
                subscriptionCount.addAndGet(-closed);
                hub.left();
            }
        }

        synchronized boolean isFollowing(String id) {
            Subscription subscription = subscriptions.get(id);
            return subscription != null && subscription.joined;
        }

        /** Refuses a frame: an ERROR frame, one WARN line at most per interval and command, then the close. */
        void refuse(@Nullable StompHeaderAccessor headers, String text, String command) {
            refused = true;
            refusals.warn("refused " + command, "Refused a STOMP {} frame of session {}: {}", command, socket.getId(), text);
            connection.sendError(StompFrames.error(text, headers == null ? null : headers.getReceipt()));
            closeAll();
        }

        /** The connection closed, whoever closed it: nothing of it stays. */
        void gone() {
            sessions.remove(socket.getId(), this);
            connection.closed();
            closeAll();
            unregister.run();
        }

        // The Sink: how this connection's frames are written, on a writer thread.

        @Override
        public void write(Connection.Frame frame) throws IOException {
            socket.sendMessage((TextMessage) frame.message());
        }

        @Override
        public void close(Connection.Reason reason) {
            try {
                socket.close(status(reason));
            }
            catch (IOException | RuntimeException ex) {
                LoggerFactory.getLogger(StompEndpoint.class).debug("Could not close {}: {}", socket.getId(), ex.getMessage());
            }
        }

    }

    static CloseStatus status(Connection.Reason reason) {
        return switch (reason) {
            case NORMAL -> CloseStatus.NORMAL;
            case PROTOCOL_ERROR -> CloseStatus.PROTOCOL_ERROR;
            case TOO_SLOW -> CloseStatus.SESSION_NOT_RELIABLE.withReason("Too slow to read the changes");
            case IDLE -> new CloseStatus(4000, "Nothing received for too long; send heart-beats");
            case NO_CONNECT -> CloseStatus.POLICY_VIOLATION.withReason("No CONNECT frame in time");
            case GOING_AWAY -> CloseStatus.GOING_AWAY;
        };
    }

    /** One subscription: a subscriber of the hub, whose messages are framed for its id. */
    private final class Subscription implements Subscriber {

        private final Session session;

        private final String id;

        private final String encodingKey;

        private volatile boolean open = true;

        private volatile boolean joined;

        Subscription(Session session, String id) {
            this.session = session;
            this.id = id;
            this.encodingKey = "stomp:" + id;
        }

        @Override
        public void send(Prepared message) {
            session.connection.send(message.encoded(encodingKey, key -> StompFrames.message(message, id)));
        }

        @Override
        public void reload(LiveChannel.Log channel, long seq, String epoch, String why) {
            byte[] body = json.writeValueAsBytes(new Reload(channel.reloadType(), seq, why));
            Prepared reload = Prepared.of(channel.destination(), channel.reloadType(), body, seq, epoch, Long.toString(seq), null);
            session.connection.send(StompFrames.message(reload, id));
        }

        @Override
        public boolean isOpen() {
            return open && session.connection.isOpen();
        }

        @Override
        public boolean canTakeMore() {
            return session.connection.hasRoom();
        }

    }

    /** The message that tells a subscription to reload. */
    record Reload(String type, long seq, String detail) {
    }

    private static @Nullable Long after(StompHeaderAccessor headers) {
        String value = headers.getFirstNativeHeader("after");
        if (value == null) {
            return null;
        }
        try {
            long after = Long.parseLong(value.strip());
            if (after >= 0) {
                return after;
            }
        }
        catch (NumberFormatException ex) {
            // refused below
        }
        throw new RefusedException("The after header must be a seq, a number from 0 (the seq of GET /shirts or of the last message applied).");
    }

    static boolean isHeartBeat(String payload) {
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String quote(String value) {
        String quoted = "'" + value + "'";
        return quoted.length() <= 60 ? quoted : quoted.substring(0, 60) + "...'";
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }

}
