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

    /** Tomcat's per-session bound on a blocking write, in milliseconds (a {@code Long}). */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    // What arrives on each open connection, by session id.
    private final Map<String, Inbound> inbound = new ConcurrentHashMap<>();

    private final OutboundSessions outboundSessions;

    // The outbound channel's pool, which writes the feed's frames (see OutboundSession).
    private final Executor writers;

    // shop.websocket.idle-timeout, given by closeIdle, which also starts the checks.
    private volatile Duration idleTimeout = Duration.ZERO;

    private volatile @Nullable ScheduledFuture<?> idleCheck;

    StompWebSocketHandler(MessageChannel clientInboundChannel, SubscribableChannel clientOutboundChannel,
            OutboundSessions outboundSessions, Executor writers) {
        super(clientInboundChannel, clientOutboundChannel);
        this.outboundSessions = outboundSessions;
        this.writers = writers;
    }

    /** Closes connections idle for longer than {@code timeout}, checking a few times per timeout. */
    void closeIdle(Duration timeout, TaskScheduler scheduler) {
        idleTimeout = timeout;
        ScheduledFuture<?> previous = idleCheck;
        if (previous != null) {
            previous.cancel(false);
        }
        Duration period = Duration.ofMillis(Math.max(100, Math.min(5000, timeout.toMillis() / 4)));
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
                in.midFrame = !text.isLast() || !endsAFrame(payload);
            }
        }
        super.handleMessage(session, message);
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
        long limit = System.nanoTime() - idleTimeout.toNanos();
        inbound.forEach((id, in) -> {
            if (in.lastRead - limit < 0) {
                // Through its OutboundSession, which then writes nothing more; on a writer thread,
                // as a close waits for a write in progress (this is the broker's scheduler).
                WebSocketSession outbound = outboundSessions.get(id);
                WebSocketSession session = outbound != null ? outbound : in.session;
                log.info("Closing WebSocket session {}: nothing received for {}", id, idleTimeout);
                inbound.remove(id);
                try {
                    writers.execute(() -> closeIdle(session));
                }
                catch (RejectedExecutionException ex) {
                    // Shutting down: every connection is being closed.
                }
            }
        });
    }


    private static void closeIdle(WebSocketSession session) {
        try {
            session.close(IDLE);
        }
        catch (IOException | RuntimeException ex) {
            log.debug("Could not close idle session {}: {}", session.getId(), ex.getMessage());
        }
    }

    /** What the handler knows of what arrives on one connection. */
    private static final class Inbound {

        private final WebSocketSession session;

        // When anything last arrived (System.nanoTime).
        private volatile long lastRead = System.nanoTime();

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
