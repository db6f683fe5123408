package com.example.shop.live;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring's STOMP WebSocket handler, with three things added: a refused client always gets its
 * ERROR frame; a connection from which nothing has arrived for {@code shop.websocket.idle-timeout}
 * (no frame, no heart-beat) is closed, whatever heart-beats it negotiated, so a silent client
 * cannot hold a connection for ever; and a closed connection gives back its place in
 * {@link LiveConnections}.
 * <p>
 * The ERROR frame: <p>
 * Spring sends the ERROR frame and closes the connection at once. Its session decorator lets one
 * thread write at a time; a frame sent while another thread is writing (the CONNECTED frame a
 * client has just read, a heart-beat, a broadcast) waits in a buffer for that thread to write it.
 * Closing meanwhile empties nothing: the ERROR frame was dropped, and the client saw only a closed
 * connection. Here a close for a protocol error waits until no thread is writing, which is when
 * the buffered ERROR frame has gone out. Other closes (a slow client over its limits, shutdown)
 * still happen at once.
 */
class StompWebSocketHandler extends SubProtocolWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(StompWebSocketHandler.class);

    static final CloseStatus IDLE = new CloseStatus(4000, "Nothing received for too long; send heart-beats");

    /** Tomcat's per-session bound on a blocking write, in milliseconds (a {@code Long}). */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    // When each open connection last sent anything (System.nanoTime).
    private final Map<WebSocketSession, Long> lastRead = new ConcurrentHashMap<>();

    // The decorated sessions, by id: where frames encoded once for all (see ShirtTopic) are written.
    private final Map<String, WebSocketSession> decorated = new ConcurrentHashMap<>();

    // shop.websocket.idle-timeout, given by closeIdle, which also starts the checks.
    private volatile Duration idleTimeout = Duration.ZERO;

    private volatile @Nullable ScheduledFuture<?> idleCheck;

    StompWebSocketHandler(MessageChannel clientInboundChannel, SubscribableChannel clientOutboundChannel) {
        super(clientInboundChannel, clientOutboundChannel);
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
        return lastRead.size();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        lastRead.put(session, System.nanoTime());
        boundBlockingWrites(session);
        super.afterConnectionEstablished(session);
    }

    /**
     * Ends a write to a client that stopped reading after {@code shop.websocket.send-time-limit}.
     * Messages for one client are handed to its session one after the other, each once the one
     * before is written (they must stay in order), so the session decorator never holds a second
     * message while a write hangs, and its own send-time check, made when another message
     * arrives, never runs. The write itself is Tomcat's blocking send, which gives up after its
     * timeout (20 s unless told otherwise) and then closes the connection: it is told the send
     * time limit instead.
     */
    private void boundBlockingWrites(WebSocketSession session) {
        if (WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession raw
                && raw.getNativeSession() instanceof jakarta.websocket.Session endpoint) {
            endpoint.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, (long) getSendTimeLimit());
        }
    }

    @Override
    public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        lastRead.replace(session, System.nanoTime());
        super.handleMessage(session, message);
    }

    /**
     * A message for one client from the outbound channel. One whose payload is a ready STOMP frame
     * (a {@link TextMessage}, encoded once for every subscriber of a change by {@link ShirtTopic})
     * is written as it is; anything else (CONNECTED, RECEIPT, ERROR, heart-beats) goes through
     * Spring's STOMP encoder. The outbound channel keeps each client's messages in order either way.
     */
    @Override
    public void handleMessage(Message<?> message) {
        if (!(message.getPayload() instanceof TextMessage frame)) {
            super.handleMessage(message);
            return;
        }
        String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        WebSocketSession session = sessionId == null ? null : decorated.get(sessionId);
        if (session == null) {
            return;
        }
        try {
            session.sendMessage(frame);
        }
        catch (SessionLimitExceededException ex) {
            log.warn("Disconnecting a subscriber that cannot keep up: {}", ex.getMessage());
            try {
                session.close(ex.getStatus());
            }
            catch (IOException | RuntimeException closing) {
                log.debug("Could not close session {}: {}", sessionId, closing.getMessage());
            }
        }
        catch (IOException | RuntimeException ex) {
            // The client went away meanwhile (a closed tab): its session is being cleared.
            log.debug("Could not send to session {}: {}", sessionId, ex.getMessage());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
        lastRead.remove(session);
        decorated.remove(session.getId());
        LiveConnections.Handshake.release(session);
        super.afterConnectionClosed(session, closeStatus);
    }

    private void closeIdleSessions() {
        long limit = System.nanoTime() - idleTimeout.toNanos();
        lastRead.forEach((session, last) -> {
            if (last - limit < 0) {
                log.info("Closing WebSocket session {}: nothing received for {}", session.getId(), idleTimeout);
                lastRead.remove(session);
                try {
                    session.close(IDLE);
                }
                catch (IOException | RuntimeException ex) {
                    log.debug("Could not close idle session {}: {}", session.getId(), ex.getMessage());
                }
            }
        });
    }


    @Override
    protected WebSocketSession decorateSession(WebSocketSession session) {
        ErrorFirstSession errorFirst = new ErrorFirstSession(session, getSendTimeLimit(), getSendBufferSizeLimit());
        decorated.put(session.getId(), errorFirst);
        return errorFirst;
    }

    static final class ErrorFirstSession extends ConcurrentWebSocketSessionDecorator {

        private final AtomicInteger writers = new AtomicInteger();

        private final AtomicReference<CloseStatus> pendingClose = new AtomicReference<>();

        ErrorFirstSession(WebSocketSession delegate, int sendTimeLimit, int bufferSizeLimit) {
            super(delegate, sendTimeLimit, bufferSizeLimit);
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) throws IOException {
            writers.incrementAndGet();
            try {
                // Returns once this thread wrote everything buffered, or left it to the thread that is writing.
                super.sendMessage(message);
            }
            finally {
                if (writers.decrementAndGet() == 0) {
                    closeIfPending();
                }
            }
        }

        @Override
        public void close(CloseStatus status) throws IOException {
            if (!CloseStatus.PROTOCOL_ERROR.equals(status)) {
                super.close(status);
                return;
            }
            // Whichever comes last closes: this thread, or the last writer leaving sendMessage.
            pendingClose.set(status);
            if (writers.get() == 0) {
                closeIfPending();
            }
        }

        private void closeIfPending() throws IOException {
            CloseStatus status = pendingClose.getAndSet(null);
            if (status != null) {
                super.close(status);
            }
        }

    }

}
