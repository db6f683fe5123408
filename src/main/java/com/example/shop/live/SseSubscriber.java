package com.example.shop.live;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import tools.jackson.databind.json.JsonMapper;

/**
 * One client of {@code /shirts/stream}: a follower of the {@link ChangeFeed}, which hands it every
 * change once and in seq order (the replay of a reconnecting client included), so the stream only
 * has to write them.
 * <p>
 * The feed only queues here; the writing happens on the stream's sender threads, one drain at a
 * time per client, so a slow client holds up nobody else. A client that lets more than
 * {@code shop.sse.max-queued} events pile up, or that cannot take a write for
 * {@code shop.sse.send-timeout}, is disconnected; it resumes from its {@code Last-Event-ID}.
 */
final class SseSubscriber implements ChangeFeed.Follower {

    static final String RELOAD = "reload";

    private static final Logger log = LoggerFactory.getLogger(SseSubscriber.class);

    private final SseEmitter emitter;

    private final JsonMapper json;

    private final Executor sender;

    private final StreamProperties properties;

    // Guarded by this.
    private final ArrayDeque<SseEmitter.SseEventBuilder> queue = new ArrayDeque<>();

    private boolean draining;

    private boolean wroteSinceTick;

    private volatile boolean closed;

    // When the write in progress started (System.nanoTime), or 0 when none is.
    private volatile long writingSince;

    SseSubscriber(SseEmitter emitter, JsonMapper json, Executor sender, StreamProperties properties) {
        this.emitter = emitter;
        this.json = json;
        this.sender = sender;
        this.properties = properties;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /** The first lines of a stream: how long to wait before reconnecting, and where it starts. */
    void begin(long after) {
        enqueue(SseEmitter.event()
            .reconnectTime(properties.reconnectDelay().toMillis())
            .comment("shirt changes after seq " + after));
    }

    @Override
    public void receive(ChangeFeed.Change change) {
        enqueue(SseEmitter.event()
            .id(change.epoch() + ":" + change.seq())
            .name(change.change().type())
            .data(change.text(), MediaType.APPLICATION_JSON));
    }

    /**
     * Tells the client to reload the catalog: the event's id is {@code epoch:seq}, so a reconnect resumes
     * from there, and what follows are the changes after it.
     */
    @Override
    public void reload(long seq, String epoch, String why) {
        String detail = why + " Reload the catalog with GET /shirts and apply the changes with a larger seq.";
        enqueue(SseEmitter.event()
            .id(epoch + ":" + seq)
            .name(RELOAD)
            .data(json.writeValueAsString(new Reload(seq, detail)), MediaType.APPLICATION_JSON));
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** A replay goes on while less than half of {@code shop.sse.max-queued} waits for this client. */
    @Override
    public synchronized boolean canTakeMore() {
        return !closed && queue.size() < properties.maxQueued() / 2;
    }

    /** Called every {@code shop.sse.heartbeat}: a stream that wrote nothing since gets a comment line. */
    synchronized void tick() {
        if (!wroteSinceTick && queue.isEmpty()) {
            enqueue(SseEmitter.event().comment("keep-alive"));
        }
        wroteSinceTick = false;
    }

    /** Whether a write has been blocked for longer than {@code shop.sse.send-timeout}. */
    boolean stalled(long now) {
        long since = writingSince;
        return since != 0 && now - since > properties.sendTimeout().toNanos();
    }

    void close() {
        closed = true;
        synchronized (this) {
            queue.clear();
        }
    }

    private synchronized void enqueue(SseEmitter.SseEventBuilder event) {
        if (closed) {
            return;
        }
        if (queue.size() >= properties.maxQueued()) {
            // Too slow to keep up: the client resumes with Last-Event-ID when it reconnects.
            log.info("Closing a Server-Sent Events stream that fell more than {} events behind", properties.maxQueued());
            closed = true;
            queue.clear();
            // Not here: completing waits for a blocked write; the sender threads may wait.
            sender.execute(this::complete);
            return;
        }
        queue.add(event);
        if (!draining) {
            draining = true;
            try {
                sender.execute(this::drain);
            }
            catch (RejectedExecutionException ex) {
                // Shutting down: the stream is being completed anyway.
                draining = false;
                closed = true;
            }
        }
    }

    private void drain() {
        try {
            while (true) {
                SseEmitter.SseEventBuilder event;
                synchronized (this) {
                    event = closed ? null : queue.poll();
                    if (event == null) {
                        draining = false;
                        return;
                    }
                    wroteSinceTick = true;
                }
                writingSince = System.nanoTime();
                try {
                    emitter.send(event);
                }
                finally {
                    writingSince = 0;
                }
            }
        }
        catch (IOException | IllegalStateException ex) {
            // The client went away (or the stream was completed meanwhile); the container ends the request.
            log.debug("Server-Sent Events client gone: {}", ex.getMessage());
            synchronized (this) {
                closed = true;
                draining = false;
                queue.clear();
            }
        }
    }

    void complete() {
        try {
            emitter.complete();
        }
        catch (RuntimeException ex) {
            log.debug("Could not end a Server-Sent Events stream: {}", ex.getMessage());
        }
    }

    /** The data of a {@code reload} event. */
    record Reload(long seq, String detail) {
    }

}
