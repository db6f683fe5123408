package com.example.shop.live;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;

/**
 * Spring's STOMP broker infrastructure (what {@code @EnableWebSocketMessageBroker} imports), with
 * one bean replaced: the WebSocket handler, by one whose sessions always deliver the ERROR frame
 * before closing (see {@link ErrorFirstWebSocketHandler}). Everything else is configured by the
 * {@code WebSocketMessageBrokerConfigurer}s, {@link WebSocketConfiguration} first.
 */
@Configuration(proxyBeanMethods = false)
class StompBrokerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

    @Bean
    @Override
    public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
            AbstractSubscribableChannel clientOutboundChannel) {
        ErrorFirstWebSocketHandler handler = new ErrorFirstWebSocketHandler(clientInboundChannel, clientOutboundChannel);
        handler.setPhase(getPhase());
        return handler;
    }

}
