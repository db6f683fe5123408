package com.example.shop.live;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;
import org.springframework.web.socket.server.HandshakeInterceptor;

import com.example.shop.live.hub.LivePrincipals;
import com.example.shop.live.stomp.StompEndpoint;

/**
 * STOMP over plain WebSocket at {@value #ENDPOINT} (no SockJS: every browser the shop supports has
 * WebSocket, and {@code new StompJs.Client({brokerURL})} connects here directly). The handshake
 * takes the connection's permit ({@link LiveConnections}) and its principal, once; pages of other
 * origins than the shop's and {@code shop.websocket.allowed-origins} are refused (403);
 * compression is accepted only when {@code shop.websocket.compression} says so.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketEndpointConfiguration implements WebSocketConfigurer {

    static final String ENDPOINT = "/ws";

    private final StompEndpoint endpoint;

    private final WebSocketProperties properties;

    private final LivePrincipals principals;

    private final List<WebSocketHandlerDecoratorFactory> decorators;

    WebSocketEndpointConfiguration(StompEndpoint endpoint, WebSocketProperties properties, LivePrincipals principals,
            List<WebSocketHandlerDecoratorFactory> decorators) {
        this.endpoint = endpoint;
        this.properties = properties;
        this.principals = principals;
        this.decorators = decorators;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        WebSocketHandler handler = new ReleasingPermit(endpoint);
        // Decorator factory beans wrap the endpoint, as Spring's transport registration would
        // (a test's fault injector is one).
        for (WebSocketHandlerDecoratorFactory decorator : decorators) {
            handler = decorator.decorate(handler);
        }
        registry.addHandler(handler, ENDPOINT)
            .setHandshakeHandler(new OptInCompressionHandshakeHandler(properties.compression()))
            .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new))
            .addInterceptors(new LiveConnections.Handshake(), new Principal(principals));
    }

    /** Gives back the connection's place in {@link LiveConnections} once it has closed. */
    static final class ReleasingPermit extends WebSocketHandlerDecorator {

        ReleasingPermit(WebSocketHandler delegate) {
            super(delegate);
        }

        @Override
        public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
            try {
                super.afterConnectionClosed(session, closeStatus);
            }
            finally {
                LiveConnections.Handshake.release(session);
            }
        }

    }

    /** Who opens the connection, from the upgrade request's session (never creating one). */
    record Principal(LivePrincipals principals) implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                Map<String, Object> attributes) {
            if (request instanceof ServletServerHttpRequest servlet) {
                attributes.put(StompEndpoint.PRINCIPAL, principals.of(servlet.getServletRequest()));
            }
            return true;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                @Nullable Exception exception) {
        }

    }

}
