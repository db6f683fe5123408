package com.example.shop.live;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ForkJoinPoolFactoryBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipals;
import com.example.shop.live.hub.SessionLivePrincipals;
import com.example.shop.live.outbound.Connection;
import com.example.shop.live.outbound.Connections;
import com.example.shop.live.sse.SseStreams;
import com.example.shop.live.stomp.StompEndpoint;
import com.example.shop.web.ClientAddress;
import com.example.shop.web.LogProperties;
import com.example.shop.web.ProblemResponses;

import tools.jackson.databind.json.JsonMapper;

/**
 * The live path, put together: the {@link LiveHub} over every {@link LiveChannel} bean, the ways
 * out of the two transports ({@link Connections}, each with its own bounded, named writer pool),
 * the STOMP endpoint and the SSE streams, the clock that runs their checks, and the caps on live
 * connections. Every pool is bounded and set by one property:
 * <ul>
 * <li>{@code stomp-writer-N}: {@code shop.websocket.outbound-threads};
 * <li>{@code sse-send-N}: {@code shop.sse.sender-threads};
 * <li>{@code live-feed-N}: one thread per ordered log;
 * <li>{@code live-clock-1}: one thread for heart-beats, idle and stall checks.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WebSocketProperties.class, LiveProperties.class, StreamProperties.class, HeapSizing.class })
class LiveConfiguration {

    /** The heap's free ratios, set once the beans are made (see {@link HeapSizing}). */
    @Bean
    SmartInitializingSingleton heapSizing(HeapSizing heap) {
        return heap::apply;
    }

    @Bean
    @ConditionalOnMissingBean(LivePrincipals.class)
    LivePrincipals livePrincipals() {
        return new SessionLivePrincipals();
    }

    @Bean
    LiveHub liveHub(List<LiveChannel> channels, JsonMapper json, LiveProperties properties, Clock clock) {
        return new LiveHub(channels, json, properties.pollInterval(), clock);
    }

    /**
     * The threads that write to STOMP clients, one task per client with something to write:
     * thousands for each change. A work-stealing pool takes them with less locking and fewer
     * wake-ups than a pool behind one blocking queue (docs/benchmarks.md measures both). The writes
     * block, hence more threads than cores. Shut down after the endpoint closed the connections.
     */
    @Bean
    ForkJoinPoolFactoryBean stompWriters(WebSocketProperties properties) {
        ForkJoinPoolFactoryBean pool = new ForkJoinPoolFactoryBean();
        pool.setParallelism(Math.max(1, properties.outboundThreads()));
        AtomicInteger threads = new AtomicInteger();
        ClassLoader application = getClass().getClassLoader();
        pool.setThreadFactory(forkJoinPool -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(forkJoinPool);
            // Named for thread dumps; with the application's class loader, which the default lacks.
            thread.setName("stomp-writer-" + threads.incrementAndGet());
            thread.setContextClassLoader(application);
            return thread;
        });
        return pool;
    }

    /**
     * The threads that write to SSE streams: at most {@code shop.sse.sender-threads}, ending after
     * 30 s without work. A stream has at most one write and one close waiting, so the queue's
     * bound is never reached while the live connections stay within their cap.
     */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor sseWriters(StreamProperties properties, LiveProperties live) {
        int threads = Math.max(1, properties.senderThreads());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(2 * Math.max(1, live.maxConnections())), daemon("sse-send-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Bean
    Connections stompConnections(ForkJoinPool stompWriters, WebSocketProperties properties, LogProperties log) {
        return new Connections(stompWriters, new Connections.Settings(properties.sendTimeLimit(),
                toInt(properties.sendBufferSizeLimit().toBytes()), Integer.MAX_VALUE, properties.idleTimeout(),
                properties.timeToFirstMessage(), properties.outboundThreads()), log.warnInterval());
    }

    @Bean
    Connections sseConnections(ThreadPoolExecutor sseWriters, StreamProperties properties, WebSocketProperties webSocket,
            LogProperties log) {
        // Streams send nothing, so they are never idle: their clients show they are there by reading.
        return new Connections(sseWriters, new Connections.Settings(properties.sendTimeout(),
                toInt(webSocket.sendBufferSizeLimit().toBytes()), properties.maxQueued(), Duration.ZERO, Duration.ZERO,
                properties.senderThreads()), log.warnInterval());
    }

    @Bean
    StompEndpoint stompEndpoint(LiveHub hub, Connections stompConnections, JsonMapper json,
            WebSocketProperties properties, LiveProperties live, LogProperties log) {
        return new StompEndpoint(hub, stompConnections, json, new StompEndpoint.Settings(properties.heartbeat(),
                toInt(properties.messageSizeLimit().toBytes()), WebSocketBufferConfiguration.TEXT_BUFFER,
                properties.maxSubscriptions(), properties.maxReplaysPerMinute(), live.maxReplay(),
                properties.sendTimeLimit()), log.warnInterval());
    }

    @Bean
    SseStreams sseStreams(LiveHub hub, Connections sseConnections, JsonMapper json, StreamProperties properties) {
        return new SseStreams(hub, sseConnections, json, new SseStreams.Settings(properties.heartbeat(),
                properties.timeout(), properties.reconnectDelay(), properties.maxReplay()));
    }

    @Bean
    OpenConnections openConnections(SseStreams sseStreams, Connections stompConnections) {
        return new OpenConnections(sseStreams, stompConnections);
    }

    @Bean
    LiveLifecycle liveLifecycle(LiveHub hub, Connections stompConnections, Connections sseConnections,
            StompEndpoint stompEndpoint, StreamProperties stream) {
        return new LiveLifecycle(hub, stompConnections, sseConnections,
                stompConnections.period(stompEndpoint.heartBeats().period()),
                sseConnections.period(stream.heartbeat()));
    }

    @Bean
    LiveConnections liveConnections(LiveProperties live) {
        return new LiveConnections(live.maxConnections(), live.maxConnectionsPerAddress());
    }

    @Bean
    FilterRegistrationBean<LiveConnections.Filter> liveConnectionsFilter(LiveConnections connections,
            ProblemResponses problems, ClientAddress clientAddress, ObjectProvider<LiveHub> hub) {
        // The filter is made as the web server starts, before the channels' sources can be (the
        // catalog needs JPA): the hub is asked for the stream paths at the first request.
        var registration = new FilterRegistrationBean<>(new LiveConnections.Filter(connections, problems, clientAddress,
                path -> path.equals(WebSocketEndpointConfiguration.ENDPOINT) || hub.getObject().channelAtSsePath(path) != null));
        // Before security does any work. (Tomcat's valve has applied the forwarded headers already.)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    private static CustomizableThreadFactory daemon(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }

    static int toInt(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, value));
    }

    /**
     * Ends every open stream and WebSocket when the shop stops, before the web server's graceful
     * shutdown (which would wait for the streams' responses until its timeout): clients reconnect,
     * to another shop or to this one once it is back, and resume.
     */
    static final class OpenConnections implements SmartLifecycle {

        private final SseStreams streams;

        private final Connections stomp;

        private volatile boolean running;

        OpenConnections(SseStreams streams, Connections stomp) {
            this.streams = streams;
            this.stomp = stomp;
        }

        @Override
        public void start() {
            streams.start();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            streams.stop();
            stomp.closeAll(Connection.Reason.GOING_AWAY);
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            // Among the first to stop: before the graceful shutdown of the web server.
            return SmartLifecycle.DEFAULT_PHASE;
        }

    }

    /**
     * Starts the feeds and the clock before the web server takes requests, and stops them after it
     * stopped.
     */
    static final class LiveLifecycle implements SmartLifecycle {

        private final LiveHub hub;

        private final Connections stomp;

        private final Connections sse;

        private final Duration stompPeriod;

        private final Duration ssePeriod;

        private volatile @Nullable ThreadPoolTaskScheduler clock;

        private final List<ScheduledFuture<?>> ticks = new java.util.concurrent.CopyOnWriteArrayList<>();

        LiveLifecycle(LiveHub hub, Connections stomp, Connections sse, Duration stompPeriod, Duration ssePeriod) {
            this.hub = hub;
            this.stomp = stomp;
            this.sse = sse;
            this.stompPeriod = stompPeriod;
            this.ssePeriod = ssePeriod;
        }

        @Override
        public void start() {
            ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
            scheduler.setPoolSize(1);
            scheduler.setThreadNamePrefix("live-clock-");
            scheduler.setDaemon(true);
            scheduler.initialize();
            // A periodic task that throws is never run again: each look catches its own.
            ticks.add(scheduler.scheduleWithFixedDelay(() -> safely(stomp::tick), stompPeriod));
            ticks.add(scheduler.scheduleWithFixedDelay(() -> safely(sse::tick), ssePeriod));
            ticks.add(scheduler.scheduleWithFixedDelay(() -> safely(hub::sweep), Duration.ofMillis(250)));
            clock = scheduler;
            hub.start();
        }

        private static void safely(Runnable tick) {
            try {
                tick.run();
            }
            catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(LiveLifecycle.class).warn("Live connection check failed: {}", ex.toString());
            }
        }

        @Override
        public void stop() {
            hub.stop();
            ticks.forEach(tick -> tick.cancel(false));
            ticks.clear();
            ThreadPoolTaskScheduler scheduler = clock;
            if (scheduler != null) {
                scheduler.shutdown();
            }
            clock = null;
        }

        @Override
        public boolean isRunning() {
            return clock != null;
        }

        @Override
        public int getPhase() {
            // Stops after the web server stopped taking requests, starts before it takes them.
            return SmartLifecycle.DEFAULT_PHASE - 2048;
        }

    }

}
