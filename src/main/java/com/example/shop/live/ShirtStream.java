package com.example.shop.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Server-Sent Events mirror of {@code /topic/shirts}: every open {@code /shirts/stream}, each
 * a follower of the {@link ChangeFeed}.
 * <p>
 * Every {@code shop.sse.heartbeat} an idle stream gets a comment line, so proxies keep it open and
 * a vanished client is noticed. Every second, a stream whose client has not taken a write for
 * {@code shop.sse.send-timeout} is ended. Writes happen on a bounded pool of
 * {@code shop.sse.sender-threads} threads named {@code sse-send-N}.
 * <p>
 * Stopped before the web server shuts down gracefully, so open streams end at once instead of
 * holding the shutdown up.
 */
@Component
@EnableConfigurationProperties(StreamProperties.class)
class ShirtStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShirtStream.class);

    private final Set<SseSubscriber> subscribers = ConcurrentHashMap.newKeySet();

    private final ChangeFeed feed;

    private final JsonMapper json;

    private final StreamProperties properties;

    private final LiveProperties live;

    // Created on start and shut down on stop: a stopped context (as the test framework pauses
    // them) may be started again.
    private volatile @Nullable ThreadPoolExecutor sender;

    private volatile @Nullable ScheduledExecutorService ticks;

    private volatile boolean running;

    ShirtStream(ChangeFeed feed, JsonMapper json, StreamProperties properties, LiveProperties live) {
        this.feed = feed;
        this.json = json;
        this.properties = properties;
        this.live = live;
    }

    /**
     * Opens a stream of the changes after {@code after}, or after the latest change when
     * {@code null}; with {@code epoch}, a seq of another epoch gets a reload first.
     */
    SseEmitter open(@Nullable Long after, @Nullable String epoch) {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        ExecutorService sender = this.sender;
        if (!running || sender == null) {
            emitter.complete();
            return emitter;
        }
        SseSubscriber subscriber = new SseSubscriber(emitter, json, sender, properties);
        emitter.onCompletion(() -> remove(subscriber));
        emitter.onError(ex -> remove(subscriber));
        // At the end of its time the stream ends normally; EventSource reconnects with Last-Event-ID.
        emitter.onTimeout(emitter::complete);
        subscribers.add(subscriber);
        if (after != null) {
            subscriber.begin(after);
            feed.join(subscriber, after, epoch, properties.maxReplay(), null);
        }
        else {
            // Starts where the feed stands when it joins, which only the feed knows.
            feed.join(subscriber, null, null, properties.maxReplay(), subscriber::begin);
        }
        return emitter;
    }

    int streams() {
        return subscribers.size();
    }

    /** The most sender threads this shop's pool has had at once (at most {@code shop.sse.sender-threads}). */
    int largestSenderPool() {
        ThreadPoolExecutor pool = sender;
        return pool == null ? 0 : pool.getLargestPoolSize();
    }

    private void remove(SseSubscriber subscriber) {
        subscriber.close();
        subscribers.remove(subscriber);
        feed.left();
    }

    private void heartbeat() {
        for (SseSubscriber subscriber : subscribers) {
            try {
                subscriber.tick();
            }
            catch (RuntimeException ex) {
                // A periodic task that throws is never run again: one stream must not stop them all.
                log.debug("Heartbeat of a Server-Sent Events stream failed: {}", ex.getMessage());
            }
        }
    }

    private void endStalled() {
        long now = System.nanoTime();
        for (SseSubscriber subscriber : subscribers) {
            if (subscriber.stalled(now)) {
                log.info("Closing a Server-Sent Events stream whose client took no data for {}", properties.sendTimeout());
                remove(subscriber);
                // Completing waits for the blocked write to give up (the emitter lets one thread
                // write at a time), so it must not hold up this thread, which checks every stream.
                ExecutorService writers = sender;
                if (writers != null) {
                    writers.execute(subscriber::complete);
                }
            }
        }
    }

    @Override
    public void start() {
        // Own threads rather than the application's task executor: a write to a slow client may
        // block, and must not hold up STOMP or Spring MVC. At most sender-threads of them, which
        // end after 30 s without work; a stream has at most one drain and one close waiting, so
        // the queue's bound is never reached while the live connections stay within their cap.
        int threads = Math.max(1, properties.senderThreads());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(2 * Math.max(1, live.maxConnections())), threads("sse-send-"));
        pool.allowCoreThreadTimeOut(true);
        sender = pool;
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads("sse-heartbeat-"));
        long period = Math.max(1, properties.heartbeat().toMillis());
        scheduler.scheduleWithFixedDelay(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
        long check = Math.max(100, Math.min(1000, properties.sendTimeout().toMillis() / 2));
        scheduler.scheduleWithFixedDelay(this::endStalled, check, check, TimeUnit.MILLISECONDS);
        ticks = scheduler;
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService scheduler = ticks;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        for (SseSubscriber subscriber : subscribers) {
            remove(subscriber);
            subscriber.complete();
        }
        ExecutorService writers = sender;
        if (writers != null) {
            writers.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

}
