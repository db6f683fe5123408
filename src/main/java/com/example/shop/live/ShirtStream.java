package com.example.shop.live;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtChanged;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Server-Sent Events mirror of {@code /topic/shirts}: every open {@code /shirts/stream} and
 * the committed changes they are owed.
 * <p>
 * Each change is handed to every stream after commit; each stream then writes it on its own (see
 * {@link SseSubscriber}). Every {@code shop.sse.heartbeat} each stream is also woken with the
 * catalog's latest seq: an idle one writes a comment so proxies keep it open and a vanished client
 * is noticed, and one that is behind (a change committed by another instance of the shop, or one
 * whose announcement was lost in a crash) catches up from the change log.
 * <p>
 * Stopped before the web server shuts down gracefully, so open streams end at once instead of
 * holding the shutdown up.
 */
@Component
@EnableConfigurationProperties(StreamProperties.class)
class ShirtStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShirtStream.class);

    private final Set<SseSubscriber> subscribers = ConcurrentHashMap.newKeySet();

    private final Catalog catalog;

    private final JsonMapper json;

    private final StreamProperties properties;

    private final ExecutorService sender;

    private final ScheduledExecutorService heartbeat;

    private volatile boolean running;

    ShirtStream(Catalog catalog, JsonMapper json, StreamProperties properties) {
        this.catalog = catalog;
        this.json = json;
        this.properties = properties;
        // Own threads rather than the application's task executor: a write to a slow client may
        // block, and must not hold up STOMP or Spring MVC, which share that executor.
        this.sender = Executors.newFixedThreadPool(Math.max(1, properties.senderThreads()), threads("sse-send-"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(threads("sse-heartbeat-"));
    }

    /**
     * Opens a stream of the changes after {@code after}, or after the latest change when
     * {@code null}.
     */
    SseEmitter open(@Nullable Long after) {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        if (!running) {
            emitter.complete();
            return emitter;
        }
        SseSubscriber subscriber = new SseSubscriber(emitter, catalog, json, sender, properties);
        emitter.onCompletion(() -> remove(subscriber));
        emitter.onError(ex -> remove(subscriber));
        // At the end of its time the stream ends normally; EventSource reconnects with Last-Event-ID.
        emitter.onTimeout(emitter::complete);
        // Registered before the catalog's seq is read: a change committed meanwhile is either
        // announced to this stream or found in the change log by its catch-up; none falls between.
        subscribers.add(subscriber);
        try {
            long latest = catalog.currentSeq();
            subscriber.begin(after == null ? latest : after, latest);
        }
        catch (RuntimeException ex) {
            remove(subscriber);
            throw ex;
        }
        return emitter;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onCommitted(ShirtChanged change) {
        for (SseSubscriber subscriber : subscribers) {
            subscriber.announce(change);
        }
    }

    int size() {
        return subscribers.size();
    }

    private void remove(SseSubscriber subscriber) {
        subscriber.close();
        subscribers.remove(subscriber);
    }

    private void tick() {
        if (subscribers.isEmpty()) {
            return;
        }
        try {
            long latest = catalog.currentSeq();
            for (SseSubscriber subscriber : subscribers) {
                subscriber.wake(latest, true);
            }
        }
        catch (RuntimeException ex) {
            log.warn("Server-Sent Events heartbeat failed: {}", ex.getMessage());
        }
    }

    @Override
    public void start() {
        long period = Math.max(1, properties.heartbeat().toMillis());
        heartbeat.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        heartbeat.shutdownNow();
        for (SseSubscriber subscriber : subscribers) {
            remove(subscriber);
            try {
                subscriber.emitter().complete();
            }
            catch (RuntimeException ex) {
                log.debug("Could not end a Server-Sent Events stream: {}", ex.getMessage());
            }
        }
        sender.shutdown();
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
