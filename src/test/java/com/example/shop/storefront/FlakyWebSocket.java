package com.example.shop.storefront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * The shop's WebSocket endpoint with the troubles of real networks, on demand, from the server side:
 * an outage (every open socket closed, new ones closed as soon as they open, as during a restart
 * or behind a dropped proxy connection) and a lost message. HTTP stays up throughout.
 */
@TestConfiguration(proxyBeanMethods = false)
class FlakyWebSocket implements WebSocketHandlerDecoratorFactory {

    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

    private final AtomicReference<@Nullable String> toLose = new AtomicReference<>();

    private volatile boolean down;

    @Override
    public WebSocketHandler decorate(WebSocketHandler handler) {
        return new WebSocketHandlerDecorator(handler) {

            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                // The endpoint sends through the session it is given here, so this one can lose messages.
                super.afterConnectionEstablished(new LossySession(session));
                sessions.add(session);
                if (down) {
                    close(session);
                }
            }

            @Override
            public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
                sessions.remove(session);
                super.afterConnectionClosed(session, status);
            }

        };
    }

    /** Closes every open socket and refuses new ones until {@link #endOutage()}. */
    void beginOutage() {
        down = true;
        sessions.forEach(FlakyWebSocket::close);
    }

    void endOutage() {
        down = false;
    }

    /** The next message to any client that contains {@code text} is not delivered. */
    void loseNextMessageContaining(String text) {
        toLose.set(text);
    }

    /** Whether the message announced by {@link #loseNextMessageContaining} was lost by now. */
    boolean lost() {
        return toLose.get() == null;
    }

    void reset() {
        down = false;
        toLose.set(null);
    }

    private static void close(WebSocketSession session) {
        try {
            session.close(CloseStatus.SERVICE_RESTARTED);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private final class LossySession extends WebSocketSessionDecorator {

        LossySession(WebSocketSession session) {
            super(session);
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) throws IOException {
            String text = toLose.get();
            if (text != null && message instanceof TextMessage frame && frame.getPayload().contains(text)
                    && toLose.compareAndSet(text, null)) {
                return;
            }
            super.sendMessage(message);
        }

    }

}
