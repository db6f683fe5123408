package com.example.shop.live.outbound;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.shop.web.RateLimitedLog;

/**
 * The way out to one live client: every frame for it is queued here and written one after the
 * other by one writer thread at a time, taken from a shared pool. Whoever hands a frame over (a
 * feed thread delivering a change to thousands, the thread reading the client's own frames) never
 * writes and never waits: a client that stops reading holds one writer thread, until the send time
 * limit or until the stall watch ({@link Connections#disconnectStalled}) gives it up, and fills
 * only its own queue.
 * <ul>
 * <li>Order: frames go out in the order they were handed over.
 * <li>Limits: a client with more than the buffer limit waiting, or whose write has not finished
 * within the send time limit, is disconnected ({@link Reason#TOO_SLOW}), the others unaffected.
 * <li>An error frame ({@link #sendError}) is the last: nothing is queued after it, and the
 * connection closes once everything before it and it have been written.
 * <li>Heart-beats: once nothing was handed over for the interval the transport set, one shared
 * heart-beat frame is queued ({@link #sendHeartBeatIfIdle}).
 * <li>Inbound: the transport tells of every frame it reads ({@link #received}); {@link Connections}
 * closes a connection that sends nothing for too long.
 * </ul>
 */
public final class Connection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** Why a connection is closed; each transport tells its client in its own way. */
    public enum Reason {
        /** The client asked, or its session ended. */
        NORMAL,
        /** After an error frame. */
        PROTOCOL_ERROR,
        /** It did not take what it was sent in time. */
        TOO_SLOW,
        /** Nothing arrived from it for too long. */
        IDLE,
        /** It sent no CONNECT in time. */
        NO_CONNECT,
        /** The shop is stopping. */
        GOING_AWAY
    }

    /** How one transport writes to and closes its client. */
    public interface Sink {

        /** Writes one frame; may block until the client has taken it. */
        void write(Frame frame) throws IOException;

        /** Closes the connection; may block for a write in progress. Called once, on a writer thread. */
        void close(Reason reason);

        /**
         * Ends a write that stalled, on {@code writer} (the stall watch's thread calls it): a
         * WebSocket interrupts the writer, which ends the container's blocking write.
         */
        default void abort(Thread writer) {
            writer.interrupt();
        }

    }

    /**
     * A frame, its size in bytes as counted against the buffer limit, and the transport's form of
     * it (a WebSocket {@code TextMessage}, SSE text), immutable so that one frame of a message is
     * written to every client that shares it.
     */
    public record Frame(Object message, int bytes) {
    }

    private final String id;

    private final Sink sink;

    private final Executor writers;

    private final RateLimitedLog warnings;

    private final long sendTimeLimitNanos;

    private final int bufferSizeLimit;

    private final int maxFrames;

    // Everything below is guarded by this, unless volatile.

    // The frames waiting; null while none waits, as most of the time.
    private @Nullable ArrayDeque<Frame> queue;

    private int queuedBytes;

    private int queuedFrames;

    // Whether a thread is writing to this client (or about to), which then writes all that is queued.
    private boolean writing;

    // When the write in progress started (System.nanoTime), 0 between writes.
    private volatile long writeStarted;

    private @Nullable Thread writer;

    // The write in progress was given up (abortStalledWrite): the writer closes the connection.
    private boolean aborted;

    // The start of the write the previous look of the stall watch saw stalled; that watch's only.
    private long stalledWriteSeen;

    private boolean closed;

    private boolean closeStarted;

    private boolean errorQueued;

    private @Nullable Reason closeWhenWritten;

    private volatile long heartBeatNanos;

    private volatile @Nullable Frame heartBeat;

    private volatile long lastHandedOver = System.nanoTime();

    private final long opened = System.nanoTime();

    private volatile long lastReceived = opened;

    // How long the client may stay silent once it agreed to send heart-beats (see expectHeartBeats);
    // 0 until then: the connections' idle timeout alone.
    private volatile long allowedSilenceNanos;

    private volatile boolean connected;

    private final Runnable onClose;

    /**
     * @param onClose runs once, when the connection is closed for any reason (to forget it)
     */
    public Connection(String id, Sink sink, Executor writers, Duration sendTimeLimit, int bufferSizeLimit,
            int maxFrames, RateLimitedLog warnings, Runnable onClose) {
        this.maxFrames = maxFrames;
        this.id = id;
        this.sink = sink;
        this.writers = writers;
        this.warnings = warnings;
        this.sendTimeLimitNanos = sendTimeLimit.toNanos();
        this.bufferSizeLimit = bufferSizeLimit;
        this.onClose = onClose;
    }

    public String id() {
        return id;
    }

    /** Queues a frame; written by a writer thread. Never waits. */
    public void send(Frame frame) {
        offer(frame, false);
    }

    /** Queues an error frame, the last: the connection closes once it is written. */
    public void sendError(Frame frame) {
        offer(frame, true);
    }

    private void offer(Frame frame, boolean error) {
        boolean write = false;
        boolean giveUp = false;
        synchronized (this) {
            if (closed || errorQueued) {
                return;
            }
            lastHandedOver = System.nanoTime();
            if (queue == null) {
                queue = new ArrayDeque<>(4);
            }
            queue.add(frame);
            queuedBytes += frame.bytes();
            queuedFrames++;
            if (error) {
                errorQueued = true;
                closeWhenWritten = Reason.PROTOCOL_ERROR;
            }
            else if (queuedBytes > bufferSizeLimit || queuedFrames > maxFrames
                    || (writeStarted != 0 && System.nanoTime() - writeStarted > sendTimeLimitNanos)) {
                closed = true;
                queue = null;
                queuedBytes = 0;
                queuedFrames = 0;
                giveUp = true;
            }
            if (!giveUp && !writing) {
                writing = true;
                write = true;
            }
        }
        if (giveUp) {
            warnings.warn("too slow", "Disconnecting a subscriber that cannot keep up: connection {}", id);
            // Not on this thread: a close waits for a write in progress to end.
            inBackground(() -> closeSink(Reason.TOO_SLOW));
        }
        else if (write) {
            inBackground(this);
        }
    }

    /**
     * Whether less than half the limits wait for this client: a replay goes on only then,
     * so that it is paced by what the client reads.
     */
    public synchronized boolean hasRoom() {
        return !closed && !errorQueued && queuedBytes < bufferSizeLimit / 2 && queuedFrames < maxFrames / 2;
    }

    public synchronized boolean isOpen() {
        return !closed && !errorQueued;
    }

    /** Queues {@code frame} whenever nothing was handed over for {@code interval}; zero, never. */
    public void heartBeatEvery(Duration interval, Frame frame) {
        heartBeat = frame;
        heartBeatNanos = interval.toNanos();
    }

    /** Queues a heart-beat if nothing was handed over for this client for its interval. */
    void sendHeartBeatIfIdle(long now) {
        long interval = heartBeatNanos;
        Frame frame = heartBeat;
        if (interval > 0 && frame != null && now - lastHandedOver >= interval && isOpen()) {
            send(frame);
        }
    }

    /**
     * The client agreed to send heart-beats at least every {@code interval}: it is not idle before
     * three of them failed to arrive, even where that is longer than the idle timeout. Under load a
     * client's frames wait with the HTTP requests for a thread of the server's pool, so the idle
     * timeout alone, once shorter than a few intervals, would close clients that kept time.
     */
    public void expectHeartBeats(Duration interval) {
        allowedSilenceNanos = interval.multipliedBy(3).toNanos();
    }

    /** How long this client may stay silent before it is closed, given the connections' idle timeout. */
    public Duration allowedSilence(Duration idleTimeout) {
        return idleTimeout.isZero() ? idleTimeout : Duration.ofNanos(allowedSilenceNanos(idleTimeout.toNanos()));
    }

    private long allowedSilenceNanos(long idleNanos) {
        return Math.max(idleNanos, allowedSilenceNanos);
    }

    /** Something arrived from the client (a frame, a heart-beat). */
    public void received() {
        lastReceived = System.nanoTime();
    }

    /** When ({@link System#nanoTime}) something last arrived from the client; its opening, before anything did. */
    public long lastReceived() {
        return lastReceived;
    }

    /** The client has introduced itself (a STOMP CONNECT): no longer held to the time to its first message. */
    public void connected() {
        connected = true;
    }

    /**
     * Whether nothing arrived for {@code idleNanos} (or longer, for a client that agreed to send
     * heart-beats), or no CONNECT within {@code connectNanos}.
     */
    @Nullable Reason idle(long now, long idleNanos, long connectNanos) {
        if (!connected && connectNanos > 0 && now - opened > connectNanos) {
            return Reason.NO_CONNECT;
        }
        if (idleNanos > 0 && now - lastReceived > allowedSilenceNanos(idleNanos)) {
            return Reason.IDLE;
        }
        return null;
    }

    private void inBackground(Runnable task) {
        try {
            writers.execute(task);
        }
        catch (RejectedExecutionException ex) {
            // Shutting down: every connection is being closed; nothing more is written.
            synchronized (this) {
                closed = true;
                queue = null;
                writing = false;
                writeStarted = 0;
            }
            closeSink(Reason.GOING_AWAY);
        }
    }

    /** Writes what is queued, one frame after the other, until nothing is. */
    @Override
    public void run() {
        for (;;) {
            Frame next;
            Reason close;
            synchronized (this) {
                writer = null;
                if (aborted) {
                    // The write ended before the interrupt could: it is not left for the next one.
                    Thread.interrupted();
                    writing = false;
                    writeStarted = 0;
                    close = Reason.TOO_SLOW;
                    next = null;
                }
                else {
                    ArrayDeque<Frame> waiting = queue;
                    next = waiting == null || closed ? null : waiting.poll();
                    if (next != null) {
                        if (waiting.isEmpty()) {
                            queue = null;
                        }
                        queuedBytes -= next.bytes();
                        queuedFrames--;
                        writeStarted = System.nanoTime();
                        writer = Thread.currentThread();
                        close = null;
                    }
                    else {
                        writing = false;
                        writeStarted = 0;
                        close = closed ? null : closeWhenWritten;
                    }
                }
            }
            if (next == null) {
                if (close != null) {
                    closeSink(close);
                }
                return;
            }
            try {
                sink.write(next);
            }
            catch (Throwable ex) {
                // The client went away, or stopped reading for longer than the send time limit.
                log.debug("Could not write to connection {}: {}", id, ex.toString());
                synchronized (this) {
                    if (aborted) {
                        Thread.interrupted();
                    }
                    closed = true;
                    queue = null;
                    writing = false;
                    writeStarted = 0;
                    writer = null;
                }
                closeSink(Reason.TOO_SLOW);
                if (ex instanceof Error error) {
                    throw error;
                }
                return;
            }
        }
    }

    /**
     * Whether the write in progress has been under way for longer than {@code nanos}, seen so by
     * this look of the stall watch and by the one before (after a pause of the whole JVM, writes
     * that were fine look old for a moment).
     */
    boolean isStalledOnTwoLooks(long now, long nanos) {
        long started = writeStarted;
        long stalled = started != 0 && now - started > nanos ? started : 0;
        boolean seenBefore = stalled != 0 && stalled == stalledWriteSeen;
        stalledWriteSeen = stalled;
        return seenBefore;
    }

    /** Whether the write in progress started more than {@code nanos} before {@code now}. */
    boolean isWritingLongerThan(long now, long nanos) {
        long started = writeStarted;
        return started != 0 && now - started > nanos;
    }

    /**
     * Gives up the write in progress, if it is still the one the last look saw stalled, and
     * disconnects the client ({@link Sink#abort}). Done while holding this lock, which the writer
     * takes before anything else after a write, so the abort cannot reach another client's write.
     */
    synchronized boolean abortStalledWrite() {
        long started = stalledWriteSeen;
        Thread stuck = writer;
        if (stuck == null || aborted || closed || started == 0 || writeStarted != started) {
            return false;
        }
        aborted = true;
        closed = true;
        queue = null;
        queuedBytes = 0;
        queuedFrames = 0;
        writeStarted = 0;
        sink.abort(stuck);
        return true;
    }

    /**
     * Closes the connection: after an error frame, once everything queued is written; otherwise at
     * once, on a writer thread (a close waits for a write in progress).
     */
    public void close(Reason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (reason == Reason.PROTOCOL_ERROR && writing) {
                closeWhenWritten = reason;
                errorQueued = true;
                return;
            }
            closed = true;
            queue = null;
            queuedBytes = 0;
            queuedFrames = 0;
        }
        inBackground(() -> closeSink(reason));
    }

    /**
     * Closes the connection once everything queued has been written (a RECEIPT for a DISCONNECT);
     * nothing queued after this is written.
     */
    public void closeAfterWritten(Reason reason) {
        synchronized (this) {
            if (closed || errorQueued) {
                return;
            }
            errorQueued = true;
            if (writing) {
                closeWhenWritten = reason;
                return;
            }
            closed = true;
            queue = null;
            queuedBytes = 0;
            queuedFrames = 0;
        }
        inBackground(() -> closeSink(reason));
    }

    /** The client closed the connection, or the container did: nothing more is written. */
    public void closed() {
        synchronized (this) {
            closed = true;
            queue = null;
            queuedBytes = 0;
            queuedFrames = 0;
        }
        forget();
    }

    private void closeSink(Reason reason) {
        synchronized (this) {
            closed = true;
            queue = null;
            if (closeStarted) {
                return;
            }
            closeStarted = true;
        }
        // Forgotten first: a close may wait long for a write that does not end.
        forget();
        try {
            sink.close(reason);
        }
        catch (RuntimeException ex) {
            log.debug("Could not close connection {}: {}", id, ex.getMessage());
        }
    }

    private boolean forgotten;

    private void forget() {
        synchronized (this) {
            if (forgotten) {
                return;
            }
            forgotten = true;
        }
        onClose.run();
    }

    /** UTF-8 length of a text, counted without encoding it. */
    public static int utf8Length(String text) {
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                }
                else if (Character.isHighSurrogate(c)) {
                    bytes += 2;
                    i++;
                }
                else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

}
