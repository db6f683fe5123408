package com.example.shop.storefront;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Lets a test take the shop's WebSocket endpoint down and bring it back, from the server side, the
 * way a restart or a dropped proxy connection looks to a browser: every open socket is closed, and
 * while down every new one is closed as soon as it opens. HTTP stays up throughout.
 */
@TestConfiguration(proxyBeanMethods = false)
class WebSocketOutage implements WebSocketMessageBrokerConfigurer {

    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

    private volatile boolean down;

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.addDecoratorFactory(handler -> new WebSocketHandlerDecorator(handler) {

            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
                super.afterConnectionEstablished(session);
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

        });
    }

    /** Closes every open socket and refuses new ones until {@link #end()}. */
    void begin() {
        down = true;
        sessions.forEach(WebSocketOutage::close);
    }

    void end() {
        down = false;
    }

    int openSockets() {
        return sessions.size();
    }

    private static void close(WebSocketSession session) {
        try {
            session.close(CloseStatus.SERVICE_RESTARTED);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
