package com.example.shop.live;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ForkJoinPoolFactoryBean;
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

    private final ObjectProvider<ExecutorService> writers;

    // Lazy, a provider: the scheduler and the pool are beans of this very configuration.
    StompBrokerConfiguration(WebSocketProperties properties,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler, OutboundSessions outboundSessions,
            @Qualifier("stompWriters") ObjectProvider<ExecutorService> writers) {
        this.properties = properties;
        this.scheduler = scheduler;
        this.outboundSessions = outboundSessions;
        this.writers = writers;
    }

    /**
     * The threads that write to STOMP clients ({@link OutboundSession}), one task per client with
     * something to write: thousands for each change. A work-stealing pool takes them with less
     * locking and fewer wake-ups than a pool behind one blocking queue, such as the outbound
     * channel's, which Spring's executor also locks twice per task (docs/benchmarks.md measures
     * both). The writes block, hence more threads than cores: {@code shop.websocket.outbound-threads}.
     * Shut down after the WebSocket handler has closed the connections.
     */
    @Bean
    ForkJoinPoolFactoryBean stompWriters() {
        ForkJoinPoolFactoryBean pool = new ForkJoinPoolFactoryBean();
        pool.setParallelism(properties.outboundThreads());
        AtomicInteger threads = new AtomicInteger();
        ClassLoader application = getClass().getClassLoader();
        pool.setThreadFactory(forkJoinPool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(forkJoinPool);
            // Named for thread dumps (the pool index is given only once the thread runs); and with
            // the application's class loader, which the default factory's threads do not have.
            thread.setName("stomp-writer-" + threads.incrementAndGet());
            thread.setContextClassLoader(application);
            return thread;
        });
        return pool;
    }

    @Bean
    @Override
    public WebSocketHandler subProtocolWebSocketHandler(AbstractSubscribableChannel clientInboundChannel,
            AbstractSubscribableChannel clientOutboundChannel) {
        StompWebSocketHandler handler = new StompWebSocketHandler(clientInboundChannel, clientOutboundChannel,
                outboundSessions, writers.getObject());
        handler.setPhase(getPhase());
        handler.closeIdle(properties.idleTimeout(), properties.timeToFirstMessage(), scheduler);
        watchForStalledWriters();
        return handler;
    }

    /**
     * A client that stops reading holds a writer thread in the container's blocking write until the
     * send time limit (10 s): enough of them at once (half the pool) would hold up every other
     * subscriber's changes for that long. So, four times a second, if at least half the writer
     * threads have been writing to one client each for over a quarter of the send time limit (at
     * most a second), those clients are disconnected at once and the threads freed. One slow client
     * alone is left to the send time limit.
     */
    private void watchForStalledWriters() {
        Duration stalledAfter = Duration.ofMillis(Math.min(1000, properties.sendTimeLimit().toMillis() / 4));
        int saturation = Math.max(1, properties.outboundThreads() / 2);
        scheduler.scheduleWithFixedDelay(() -> outboundSessions.disconnectStalled(stalledAfter, saturation),
                Duration.ofMillis(250));
    }

}
