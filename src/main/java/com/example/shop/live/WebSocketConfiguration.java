package com.example.shop.live;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * STOMP over WebSocket at {@code /ws}, and the one place that chooses the broker: Spring's simple
 * broker in memory by default, or a relay to an external STOMP broker with
 * {@code shop.broker.relay.enabled=true}. Who may send what is decided in
 * {@link StompSecurityConfiguration}; the broker infrastructure itself comes from
 * {@link StompBrokerConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WebSocketProperties.class, BrokerRelayProperties.class })
class WebSocketConfiguration implements WebSocketMessageBrokerConfigurer {

    static final String ENDPOINT = "/ws";

    static final String TOPIC_PREFIX = "/topic";

    private final WebSocketProperties properties;

    private final BrokerRelayProperties relay;

    private final TaskScheduler scheduler;

    private final MessageChannel clientOutboundChannel;

    // Lazy: the scheduler and the channel are defined by the very configuration this class configures.
    WebSocketConfiguration(WebSocketProperties properties, BrokerRelayProperties relay,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler,
            @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutboundChannel) {
        this.properties = properties;
        this.relay = relay;
        this.scheduler = scheduler;
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Plain WebSocket, no SockJS: every browser the shop supports has WebSocket, and
        // new StompJs.Client({brokerURL: "ws://host/ws"}) connects here directly.
        registry.addEndpoint(ENDPOINT)
            .setHandshakeHandler(new OptInCompressionHandshakeHandler(properties.compression()))
            .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
        registry.setErrorHandler(new StompErrorHandler());
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        long heartbeat = properties.heartbeat().toMillis();
        if (relay.enabled()) {
            registry.enableStompBrokerRelay(TOPIC_PREFIX)
                .setRelayHost(relay.host())
                .setRelayPort(relay.port())
                .setClientLogin(relay.login())
                .setClientPasscode(relay.passcode())
                .setSystemLogin(relay.login())
                .setSystemPasscode(relay.passcode())
                .setSystemHeartbeatSendInterval(heartbeat)
                .setSystemHeartbeatReceiveInterval(heartbeat)
                .setVirtualHost(relay.virtualHost())
                .setTaskScheduler(scheduler);
        }
        else {
            registry.enableSimpleBroker(TOPIC_PREFIX)
                .setHeartbeatValue(new long[] { heartbeat, heartbeat })
                .setTaskScheduler(scheduler);
        }
        // The client inbound and outbound channels run on thread pools; without this, two
        // messages for the same client could overtake each other on their way out.
        registry.setPreservePublishOrder(true);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(new SubscriptionReceipts(clientOutboundChannel));
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setSendTimeLimit(toInt(properties.sendTimeLimit().toMillis()))
            .setSendBufferSizeLimit(toInt(properties.sendBufferSizeLimit().toBytes()))
            .setMessageSizeLimit(toInt(properties.messageSizeLimit().toBytes()))
            .setTimeToFirstMessage(toInt(properties.timeToFirstMessage().toMillis()));
    }

    private static int toInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, value));
    }

}
