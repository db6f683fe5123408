package com.example.shop.live;

import java.util.concurrent.Executor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.DelegatingWebSocketMessageBrokerConfiguration;

/**
 * Spring's STOMP broker infrastructure (what {@code @EnableWebSocketMessageBroker} imports), with
 * one bean replaced: the WebSocket handler, by {@link StompWebSocketHandler}, whose sessions write
 * without blocking and always deliver the ERROR frame before closing, and which closes idle
 * connections. Everything else is
 * configured by the {@code WebSocketMessageBrokerConfigurer}s.
 */
@Configuration(proxyBeanMethods = false)
class StompBrokerConfiguration extends DelegatingWebSocketMessageBrokerConfiguration {

    private final WebSocketProperties properties;

    private final TaskScheduler scheduler;

    private final OutboundSessions outboundSessions;

    private final ObjectProvider<Executor> writers;

    // Lazy, a provider: the scheduler and the executor are beans of this very configuration.
    StompBrokerConfiguration(WebSocketProperties properties,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler, OutboundSessions outboundSessions,
            @Qualifier("clientOutboundChannelExecutor") ObjectProvider<Executor> writers) {
        this.properties = properties;
        this.scheduler = scheduler;
        this.outboundSessions = outboundSessions;
        this.writers = writers;
    }

    @Bean
    @Override
    public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
            AbstractSubscribableChannel clientOutboundChannel) {
        StompWebSocketHandler handler = new StompWebSocketHandler(clientInboundChannel, clientOutboundChannel,
                outboundSessions, writers.getObject());
        handler.setPhase(getPhase());
        handler.closeIdle(properties.idleTimeout(), scheduler);
        return handler;
    }

}
