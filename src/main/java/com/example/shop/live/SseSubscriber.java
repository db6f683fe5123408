package com.example.shop.live;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.HistoryGoneException;
import com.example.shop.catalog.ShirtChanged;

import tools.jackson.databind.json.JsonMapper;

/**
 * One client of {@code /shirts/stream}. It follows the same rule as every live client: write only
 * changes with a larger seq than the last written, and when a change arrives with a gap before it,
 * first fill the gap from the change log. So the stream has every change exactly once, in order,
 * whatever order changes are announced in, and the replay of a reconnecting client joins the live
 * changes without a gap or a duplicate.
 * <p>
 * Announcing a change only queues it here; the writing happens on the stream's sender threads,
 * one drain at a time per client, so a slow client holds up nobody else. A client that lets more
 * than {@code shop.sse.max-queued} changes pile up is disconnected; it resumes from its
 * {@code Last-Event-ID}.
 */
final class SseSubscriber {

    static final String RELOAD = "reload";

    private static final Logger log = LoggerFactory.getLogger(SseSubscriber.class);

    private final SseEmitter emitter;

    private final Catalog catalog;

    private final JsonMapper json;

    private final Executor sender;

    private final StreamProperties properties;

    // Guarded by this.
    private final ArrayDeque<ShirtChanged> announced = new ArrayDeque<>();

    private long known;

    private boolean heartbeatDue;

    private boolean draining;

    private boolean begun;

    private boolean started;

    private boolean overflowed;

    private boolean closed;

    // Used only by the drain, which runs one at a time; the lock hands it from one run to the next.
    private long cursor;

    SseSubscriber(SseEmitter emitter, Catalog catalog, JsonMapper json, Executor sender,
            StreamProperties properties) {
        this.emitter = emitter;
        this.catalog = catalog;
        this.json = json;
        this.sender = sender;
        this.properties = properties;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /**
     * Starts the stream after {@code after}, the catalog being at {@code latest}. Changes announced
     * before this call are kept and written (those after {@code after}) once it starts.
     */
    synchronized void begin(long after, long latest) {
        cursor = after;
        known = Math.max(known, latest);
        begun = true;
        scheduleDrain();
    }

    /** A committed change was announced. */
    synchronized void announce(ShirtChanged change) {
        if (closed) {
            return;
        }
        if (announced.size() >= properties.maxQueued()) {
            // Too slow to keep up: stop queueing; the drain ends the stream and the client resumes.
            overflowed = true;
            announced.clear();
        }
        else {
            announced.add(change);
        }
        known = Math.max(known, change.seq());
        scheduleDrain();
    }

    /**
     * The catalog is at {@code latest}: catch up to it if behind (changes this instance was not
     * told about), and if {@code heartbeat}, write a comment when there is nothing else to write.
     */
    synchronized void wake(long latest, boolean heartbeat) {
        if (closed) {
            return;
        }
        known = Math.max(known, latest);
        heartbeatDue |= heartbeat;
        scheduleDrain();
    }

    synchronized void close() {
        closed = true;
        announced.clear();
    }

    private void scheduleDrain() {
        if (draining || !begun) {
            return;
        }
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

    private void drain() {
        try {
            while (true) {
                List<ShirtChanged> batch;
                long target;
                boolean heartbeat;
                boolean first;
                boolean tooSlow;
                synchronized (this) {
                    if (closed) {
                        draining = false;
                        return;
                    }
                    tooSlow = overflowed;
                    if (tooSlow) {
                        closed = true;
                        draining = false;
                    }
                    else if (started && announced.isEmpty() && known <= cursor && !heartbeatDue) {
                        draining = false;
                        return;
                    }
                    batch = new ArrayList<>(announced);
                    announced.clear();
                    target = known;
                    heartbeat = heartbeatDue;
                    heartbeatDue = false;
                    first = !started;
                    started = true;
                }
                if (tooSlow) {
                    log.info("Closing a Server-Sent Events stream that fell more than {} changes behind",
                            properties.maxQueued());
                    emitter.complete();
                    return;
                }
                boolean wrote = first && start(target);
                for (ShirtChanged change : batch) {
                    if (change.seq() > cursor + 1) {
                        wrote |= catchUp(change.seq() - 1);
                    }
                    if (change.seq() > cursor) {
                        write(change);
                        wrote = true;
                    }
                }
                if (target > cursor) {
                    wrote |= catchUp(target);
                }
                if (heartbeat && !wrote) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                }
            }
        }
        catch (IOException | IllegalStateException ex) {
            // The client went away (or the stream was completed meanwhile); the container ends the request.
            log.debug("Server-Sent Events client gone: {}", ex.getMessage());
            synchronized (this) {
                closed = true;
                draining = false;
            }
        }
        catch (RuntimeException ex) {
            // For instance the database is unreachable: end the stream; the client resumes later.
            log.warn("Ending a Server-Sent Events stream: {}", ex.getMessage());
            synchronized (this) {
                closed = true;
                draining = false;
            }
            emitter.complete();
        }
    }

    /** The first lines of a stream: how long to wait before reconnecting, and where it starts. */
    private boolean start(long latest) throws IOException {
        emitter.send(SseEmitter.event()
            .reconnectTime(properties.reconnectDelay().toMillis())
            .comment("shirt changes after seq " + cursor));
        if (cursor > latest) {
            // A Last-Event-ID from another catalog (a reset database): nothing to resume from.
            reload(latest, "Event id " + cursor + " is ahead of the catalog, whose latest seq is " + latest + ".");
            return true;
        }
        return false;
    }

    /** Writes the changes after the cursor up to {@code target} (or a little beyond) from the change log. */
    private boolean catchUp(long target) throws IOException {
        if (target - cursor > properties.maxReplay()) {
            reload(target, "More than " + properties.maxReplay() + " changes were missed.");
            return true;
        }
        boolean wrote = false;
        while (cursor < target) {
            Catalog.Changes changes;
            try {
                changes = catalog.changesAfter(cursor, null);
            }
            catch (HistoryGoneException ex) {
                long latest = catalog.currentSeq();
                reload(latest, "The changes after seq " + cursor + " are no longer kept.");
                return true;
            }
            if (changes.events().isEmpty()) {
                return wrote;
            }
            for (ShirtChanged change : changes.events()) {
                write(change);
                wrote = true;
            }
        }
        return wrote;
    }

    private void write(ShirtChanged change) throws IOException {
        emitter.send(SseEmitter.event()
            .id(Long.toString(change.seq()))
            .name(change.type())
            .data(json.writeValueAsString(change)));
        cursor = change.seq();
    }

    /**
     * Tells the client to reload the catalog, and moves the stream to {@code latest}: the event's id
     * is that seq, so a reconnect resumes from there, and what follows are the changes after it.
     */
    private void reload(long latest, String why) throws IOException {
        String detail = why + " Reload the catalog with GET /shirts and apply the changes with a larger seq.";
        emitter.send(SseEmitter.event()
            .id(Long.toString(latest))
            .name(RELOAD)
            .data(json.writeValueAsString(new Reload(latest, detail))));
        cursor = latest;
    }

    /** The data of a {@code reload} event. */
    record Reload(long seq, String detail) {
    }

}
