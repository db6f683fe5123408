package com.example.shop.live;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring's STOMP WebSocket handler, with three things changed: every frame to a client goes through
 * its {@link OutboundSession}, which keeps the frames in order, writes the feed's changes without
 * holding up the feed, and delivers the ERROR frame before a protocol-error close; a connection from which nothing has arrived for
 * {@code shop.websocket.idle-timeout} (no frame, no heart-beat) is closed, whatever heart-beats it
 * negotiated, so a silent client cannot hold a connection for ever; and a closed connection gives
 * back its place in {@link LiveConnections}.
 */
class StompWebSocketHandler extends SubProtocolWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(StompWebSocketHandler.class);

    static final CloseStatus IDLE = new CloseStatus(4000, "Nothing received for too long; send heart-beats");

    static final CloseStatus NO_CONNECT = CloseStatus.POLICY_VIOLATION.withReason("No CONNECT frame in time");

    /** Tomcat's per-session bound on a blocking write, in milliseconds (a {@code Long}). */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    // What arrives on each open connection, by session id.
    private final Map<String, Inbound> inbound = new ConcurrentHashMap<>();

    private final OutboundSessions outboundSessions;

    // The outbound channel's pool, which writes the feed's frames (see OutboundSession).
    private final Executor writers;

    // shop.websocket.idle-timeout, given by closeIdle, which also starts the checks.
    private volatile Duration idleTimeout = Duration.ZERO;

    // shop.websocket.time-to-first-message, given by closeIdle.
    private volatile Duration timeToConnect = Duration.ZERO;

    private volatile @Nullable ScheduledFuture<?> idleCheck;

    StompWebSocketHandler(MessageChannel clientInboundChannel, SubscribableChannel clientOutboundChannel,
            OutboundSessions outboundSessions, Executor writers) {
        super(clientInboundChannel, clientOutboundChannel);
        this.outboundSessions = outboundSessions;
        this.writers = writers;
    }

    /**
     * Closes connections idle for longer than {@code timeout}, and those that sent no CONNECT within
     * {@code timeToConnect}, checking a few times per the shorter of the two. Spring's own check of
     * the time to the first message runs only when some connection sends a message, and counts
     * any message (a heart-beat too).
     */
    void closeIdle(Duration timeout, Duration timeToConnect, TaskScheduler scheduler) {
        idleTimeout = timeout;
        this.timeToConnect = timeToConnect;
        ScheduledFuture<?> previous = idleCheck;
        if (previous != null) {
            previous.cancel(false);
        }
        long shorter = Math.min(timeout.toMillis(), timeToConnect.toMillis());
        Duration period = Duration.ofMillis(Math.max(100, Math.min(5000, shorter / 4)));
        idleCheck = scheduler.scheduleWithFixedDelay(this::closeIdleSessions, period);
    }

    int openSessions() {
        return inbound.size();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        inbound.put(session.getId(), new Inbound(session));
        boundBlockingWrites(session);
        super.afterConnectionEstablished(session);
    }

    /**
     * Ends a write to a client that stopped reading after {@code shop.websocket.send-time-limit}:
     * Tomcat's blocking send gives up after its timeout (20 s unless told otherwise) and then
     * closes the connection. {@link OutboundSession} checks the limit too, but only when another
     * frame arrives for the client.
     */
    private void boundBlockingWrites(WebSocketSession session) {
        if (WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession raw
                && raw.getNativeSession() instanceof jakarta.websocket.Session endpoint) {
            endpoint.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, (long) getSendTimeLimit());
        }
    }

    /**
     * A client's heart-beat (a message of nothing but line breaks, between frames) ends here: it
     * only shows that the client is there, which is what the idle check needs. Spring would decode
     * it into a message for the broker, on a pool thread, a thousand times a second for 10,000
     * subscribers; the broker is told not to expect them (see {@link StompHeartBeats}). Everything
     * else goes to Spring's STOMP handler.
     */
    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        Inbound in = inbound.get(session.getId());
        if (in != null) {
            in.lastRead = System.nanoTime();
            if (message instanceof TextMessage text) {
                String payload = text.getPayload();
                if (!in.midFrame && text.isLast() && isHeartBeat(payload)) {
                    return;
                }
                if (!in.connected && !in.midFrame && isConnect(payload)) {
                    in.connected = true;
                }
                in.midFrame = !text.isLast() || !endsAFrame(payload);
            }
        }
        super.handleMessage(session, message);
    }

    /** Whether a message starts a CONNECT (or STOMP) frame, after the line breaks a client may send first. */
    static boolean isConnect(String payload) {
        int start = 0;
        while (start < payload.length() && (payload.charAt(start) == '\n' || payload.charAt(start) == '\r')) {
            start++;
        }
        return payload.startsWith("CONNECT", start) || payload.startsWith("STOMP", start);
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

    // Whether a message ends where a STOMP frame ends (its NUL, then line breaks at most), so that
    // Spring's decoder holds no part of a frame. A body given by content-length may hold NULs; a
    // client that splits such a frame after one only has its own heart-beat taken as part of it.
    static boolean endsAFrame(String payload) {
        int end = payload.length() - 1;
        while (end >= 0 && (payload.charAt(end) == '\n' || payload.charAt(end) == '\r')) {
            end--;
        }
        return end < 0 || payload.charAt(end) == '\0';
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
        inbound.remove(session.getId());
        outboundSessions.closed(session.getId());
        LiveConnections.Handshake.release(session);
        super.afterConnectionClosed(session, closeStatus);
    }

    private void closeIdleSessions() {
        long now = System.nanoTime();
        long limit = now - idleTimeout.toNanos();
        long connectBy = now - timeToConnect.toNanos();
        inbound.forEach((id, in) -> {
            boolean idle = in.lastRead - limit < 0;
            boolean noConnect = !in.connected && in.opened - connectBy < 0;
            if (idle || noConnect) {
                // Through its OutboundSession, which then writes nothing more; on a writer thread,
                // as a close waits for a write in progress (this is the broker's scheduler).
                WebSocketSession outbound = outboundSessions.get(id);
                WebSocketSession session = outbound != null ? outbound : in.session;
                CloseStatus status = noConnect ? NO_CONNECT : IDLE;
                if (noConnect) {
                    log.info("Closing WebSocket session {}: no CONNECT within {}", id, timeToConnect);
                }
                else {
                    log.info("Closing WebSocket session {}: nothing received for {}", id, idleTimeout);
                }
                inbound.remove(id);
                try {
                    writers.execute(() -> closeIdle(session, status));
                }
                catch (RejectedExecutionException ex) {
                    // Shutting down: every connection is being closed.
                }
            }
        });
    }


    private static void closeIdle(WebSocketSession session, CloseStatus status) {
        try {
            session.close(status);
        }
        catch (IOException | RuntimeException ex) {
            log.debug("Could not close idle session {}: {}", session.getId(), ex.getMessage());
        }
    }

    /** What the handler knows of what arrives on one connection. */
    private static final class Inbound {

        private final WebSocketSession session;

        // When the connection opened, and when anything last arrived (System.nanoTime).
        private final long opened = System.nanoTime();

        private volatile long lastRead = opened;

        // Whether a CONNECT frame arrived; only the thread reading this connection sets it.
        private volatile boolean connected;

        // Whether Spring's decoder holds part of a frame; only the thread reading this connection uses it.
        private boolean midFrame;

        Inbound(WebSocketSession session) {
            this.session = session;
        }

    }

    /** Every frame to a client goes through its {@link OutboundSession}. */
    @Override
    protected WebSocketSession decorateSession(WebSocketSession session) {
        OutboundSession outbound = new OutboundSession(session, writers, getSendTimeLimit(), getSendBufferSizeLimit(),
                outboundSessions.slowSubscriberLog());
        outboundSessions.opened(outbound);
        return outbound;
    }

}
