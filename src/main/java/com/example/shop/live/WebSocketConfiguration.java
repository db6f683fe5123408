package com.example.shop.live;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

import com.example.shop.web.ClientAddress;
import com.example.shop.web.LogProperties;
import com.example.shop.web.ProblemResponses;

/**
 * STOMP over WebSocket at {@code /ws}. Subscriptions to {@code /topic/shirts} are kept by
 * {@link ShirtTopic} and fed by the {@link ChangeFeed}; Spring's simple broker answers CONNECT, and
 * {@link StompHeartBeats} keeps heart-beats. Several shops need no external broker: each feeds its own subscribers from the
 * shared change log. Who may send what is decided in {@link StompSecurityConfiguration} (whose
 * interceptor runs first); the broker infrastructure itself comes from
 * {@link StompBrokerConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WebSocketProperties.class, LiveProperties.class })
@Order(Ordered.LOWEST_PRECEDENCE)
class WebSocketConfiguration implements WebSocketMessageBrokerConfigurer {

    static final String ENDPOINT = "/ws";

    static final String TOPIC_PREFIX = "/topic";

    private final WebSocketProperties properties;

    private final TaskScheduler scheduler;

    private final ShirtTopic shirtTopic;

    private final StompHeartBeats heartBeats;

    private final LogProperties log;

    // Lazy: the scheduler is defined by the very configuration this class configures.
    WebSocketConfiguration(WebSocketProperties properties,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler, @Lazy ShirtTopic shirtTopic,
            @Lazy StompHeartBeats heartBeats, LogProperties log) {
        this.properties = properties;
        this.scheduler = scheduler;
        this.shirtTopic = shirtTopic;
        this.heartBeats = heartBeats;
        this.log = log;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        // Plain WebSocket, no SockJS: every browser the shop supports has WebSocket, and
        // new StompJs.Client({brokerURL: "ws://host/ws"}) connects here directly.
        registry.addEndpoint(ENDPOINT)
            .setHandshakeHandler(new OptInCompressionHandshakeHandler(properties.compression()))
            .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new))
            .addInterceptors(new LiveConnections.Handshake());
        registry.setErrorHandler(new StompErrorHandler(log.warnInterval()));
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        long heartbeat = properties.heartbeat().toMillis();
        registry.enableSimpleBroker(TOPIC_PREFIX)
            .setHeartbeatValue(new long[] { heartbeat, heartbeat })
            .setTaskScheduler(scheduler);
        // The heart-beat value is what CONNECTED announces; StompHeartBeats sends and checks them.
        // No setPreservePublishOrder: the broker only sends CONNECTED (and RECEIPT of a DISCONNECT), which
        // OutboundSession puts in order (nothing before CONNECTED); Spring's ordering needs its
        // blocking session decorator.
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(shirtTopic, heartBeats);
    }

    // Spring's STOMP handler hands CONNECTED, RECEIPT and ERROR frames to this channel's threads,
    // which write them (and whatever queued behind them meanwhile, such as a replay) themselves
    // unless a writer is at it (OutboundSession): so they too may wait for a client that does not
    // read. As many as the writers' pool, so that the stall watch (which steps in at half that many
    // stalled writes, wherever they are) does so before they are all held.
    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.taskExecutor().corePoolSize(properties.outboundThreads());
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setSendTimeLimit(toInt(properties.sendTimeLimit().toMillis()))
            .setSendBufferSizeLimit(toInt(properties.sendBufferSizeLimit().toBytes()))
            .setMessageSizeLimit(toInt(properties.messageSizeLimit().toBytes()))
            .setTimeToFirstMessage(toInt(properties.timeToFirstMessage().toMillis()));
    }

    @Bean
    LiveConnections liveConnections(LiveProperties live) {
        return new LiveConnections(live.maxConnections(), live.maxConnectionsPerAddress());
    }

    @Bean
    FilterRegistrationBean<LiveConnections.Filter> liveConnectionsFilter(LiveConnections connections,
            ProblemResponses problems, ClientAddress clientAddress) {
        var registration = new FilterRegistrationBean<>(new LiveConnections.Filter(connections, problems, clientAddress));
        registration.addUrlPatterns(ENDPOINT, "/shirts/stream");
        // Before security does any work. (Tomcat's valve has applied the forwarded headers already.)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    private static int toInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, value));
    }

}
