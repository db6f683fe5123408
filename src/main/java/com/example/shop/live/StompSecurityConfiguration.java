package com.example.shop.live;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.messaging.access.intercept.AuthorizationChannelInterceptor;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Who may do what over STOMP: anyone may connect and subscribe to {@value #SHIRTS}, without a
 * token; nobody but the shop publishes. Everything not allowed here is denied, and the client gets
 * a STOMP ERROR frame from {@link StompErrorHandler}.
 * <p>
 * The rules are Spring Security's {@link MessageMatcherDelegatingAuthorizationManager}, applied by
 * an {@link AuthorizationChannelInterceptor} on the inbound channel, registered here rather than
 * through {@code @EnableWebSocketSecurity}: that one also demands a CSRF token in every CONNECT,
 * which a plain STOMP client cannot have. The CSRF token would protect nothing here anyway: the
 * socket grants nothing to anyone's credentials, only public, read-only data (see
 * {@code docs/live.md}).
 */
// First among the STOMP configurers: a frame is authorized before anything else looks at it.
@Configuration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
class StompSecurityConfiguration implements WebSocketMessageBrokerConfigurer {

    static final String SHIRTS = "/topic/shirts";

    static final String AVAILABILITY = "/topic/availability";

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(new AuthorizationChannelInterceptor(rules()));
    }

    static AuthorizationManager<Message<?>> rules() {
        return MessageMatcherDelegatingAuthorizationManager.builder()
            .simpTypeMatchers(SimpMessageType.CONNECT, SimpMessageType.HEARTBEAT, SimpMessageType.UNSUBSCRIBE,
                    SimpMessageType.DISCONNECT)
            .permitAll()
            .simpSubscribeDestMatchers(SHIRTS, AVAILABILITY)
            .permitAll()
            // Deny by default: SEND to any destination (only the shop publishes), SUBSCRIBE to
            // anything but the shirts, ACK, NACK and transactions.
            .anyMessage()
            .denyAll()
            .build();
    }

}
