package com.example.shop.live;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

import com.example.shop.web.RateLimitedLog;

/**
 * The way out to one STOMP client: every frame for it (CONNECTED, RECEIPT, ERROR, heart-beats from
 * Spring's STOMP handler, MESSAGE frames from the {@link ChangeFeed}) is queued here and written one
 * after the other by one thread at a time.
 * <p>
 * It replaces Spring's {@code ConcurrentWebSocketSessionDecorator} and the outbound channel's
 * message per client: a change reaches a subscriber as a frame encoded once for all
 * ({@link ShirtTopic}), queued here by the feed thread, and written by a thread of the outbound
 * pool, which writes whatever is queued for this client before it moves on. The feed thread never
 * writes and never waits: a client that stops reading holds one pool thread (until the send time
 * limit, or sooner when many do: {@link OutboundSessions#disconnectStalled}) and fills only its own
 * queue. A frame from Spring's STOMP handler is written by the thread
 * that hands it over, unless another thread is writing to this client, as Spring's decorator does.
 * <p>
 * What it keeps of Spring's decorator and the shop's guarantees:
 * <ul>
 * <li>Order: frames go out in the order they were handed over. Nothing goes out before the
 * CONNECTED frame (or an ERROR refusing the CONNECT): a client that sends SUBSCRIBE before it has
 * read CONNECTED may have its first changes handed over before the broker's CONNECTED; they wait.
 * <li>Limits: a client with more than {@code shop.websocket.send-buffer-size-limit} waiting, or
 * whose write has not finished within {@code shop.websocket.send-time-limit}, is disconnected
 * (1011, the others unaffected). The time limit is also the container's bound on one write (see
 * {@link StompWebSocketHandler}), which ends a write to a client that never reads again.
 * <li>The ERROR frame: a close for a protocol error waits until everything queued, the ERROR frame
 * last, has been written; other closes happen at once.
 * </ul>
 */
final class OutboundSession extends WebSocketSessionDecorator implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(OutboundSession.class);

    static final CloseStatus TOO_SLOW = CloseStatus.SESSION_NOT_RELIABLE.withReason("Too slow to read the changes");

    private final Executor writers;

    private final RateLimitedLog warnings;

    private final long sendTimeLimitNanos;

    private final int bufferSizeLimit;

    // Everything below is guarded by this.

    // The frames waiting to be written; null while none waits, as most of the time.
    private @Nullable ArrayDeque<Frame> queue;

    // The frames handed over before CONNECTED went out; null once it has.
    private @Nullable List<Frame> beforeConnected = new ArrayList<>(2);

    private int queuedBytes;

    // Whether a thread is writing to this client (or about to), which then writes all that is queued.
    private boolean writing;

    // When the write in progress started (System.nanoTime), 0 between writes; volatile for the
    // watch over stalled writes (OutboundSessions), which reads it without the lock.
    private volatile long writeStarted;

    // The thread writing to this client, while it writes.
    private @Nullable Thread writer;

    // The write in progress was given up (abortStalledWrite): the writer closes the connection.
    private boolean aborted;

    // The start of the write the previous look of OutboundSessions saw stalled, 0 if none; only
    // that look (one thread at a time) uses it.
    private long stalledWriteSeen;

    private boolean closed;

    // An ERROR frame is queued: STOMP sends nothing after it, and the connection closes once it is written.
    private boolean errorQueued;

    private @Nullable CloseStatus closeWhenWritten;

    // The shop's heart-beats to this client (see sendHeartBeatIfIdle): how often, 0 for none, and
    // when the last frame of any kind was handed over (System.nanoTime). Volatile, read by the sweep.
    private volatile long heartBeatNanos;

    private volatile long lastHandedOver = System.nanoTime();

    /** A STOMP heart-beat, as Spring's encoder writes it. */
    static final Frame HEART_BEAT = Frame.of("\n");

    /**
     * A frame and its size in bytes, as counted against the send-buffer limit. The message is
     * immutable, so one frame of a change is written to every subscriber that shares its id.
     */
    record Frame(TextMessage message, int bytes) {

        static Frame of(String text) {
            return new Frame(new TextMessage(text), utf8Length(text));
        }

        String text() {
            return message.getPayload();
        }

    }

    OutboundSession(WebSocketSession delegate, Executor writers, int sendTimeLimitMillis, int bufferSizeLimit,
            RateLimitedLog warnings) {
        super(delegate);
        this.writers = writers;
        this.warnings = warnings;
        this.sendTimeLimitNanos = sendTimeLimitMillis * 1_000_000L;
        this.bufferSizeLimit = bufferSizeLimit;
    }

    /**
     * A frame from Spring's STOMP handler (text only: STOMP over WebSocket is text here), written
     * on this thread unless another is writing to this client.
     */
    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        if (!(message instanceof TextMessage text)) {
            throw new IllegalArgumentException("Only text frames are sent to STOMP clients: " + message);
        }
        offer(new Frame(text, text.getPayloadLength()), true);
    }

    /** A frame from the feed: queued, and written by a thread of the outbound pool. Never waits. */
    void send(Frame frame) {
        offer(frame, false);
    }

    private void offer(Frame frame, boolean writeHere) {
        boolean write = false;
        boolean giveUp = false;
        synchronized (this) {
            if (closed || errorQueued) {
                return;
            }
            errorQueued = isError(frame.text());
            lastHandedOver = System.nanoTime();
            if (beforeConnected != null && !opensTheConnection(frame.text())) {
                // Waits for CONNECTED, counted against the limit like any frame waiting.
                beforeConnected.add(frame);
                queuedBytes += frame.bytes();
            }
            else {
                enqueue(frame);
                if (beforeConnected != null) {
                    // CONNECTED first, then what waited for it; after an ERROR, nothing.
                    if (errorQueued) {
                        beforeConnected.forEach(held -> queuedBytes -= held.bytes());
                    }
                    else {
                        queue.addAll(beforeConnected);
                    }
                    beforeConnected = null;
                }
            }
            if (queuedBytes > bufferSizeLimit
                    || (writeStarted != 0 && System.nanoTime() - writeStarted > sendTimeLimitNanos)) {
                closed = true;
                queue = null;
                queuedBytes = 0;
                giveUp = true;
            }
            else if (!writing && queue != null) {
                writing = true;
                write = true;
            }
        }
        if (giveUp) {
            warnings.warn("too slow", "Disconnecting a subscriber that cannot keep up: session {}", getId());
            // Not on this thread: the close waits for a write in progress to end.
            inBackground(() -> closeQuietly(TOO_SLOW));
        }
        else if (write && writeHere) {
            run();
        }
        else if (write) {
            inBackground(this);
        }
    }

    /**
     * Whether less than half the send-buffer limit waits for this client: a replay goes on only
     * then ({@link ChangeFeed.Follower#canTakeMore}), so that it is paced by what the client reads.
     */
    synchronized boolean hasRoom() {
        return !closed && queuedBytes < bufferSizeLimit / 2;
    }

    /**
     * Sends the client a heart-beat once it has been handed nothing else for {@code interval}
     * ({@link StompHeartBeats}); zero, none.
     */
    void heartBeatEvery(Duration interval) {
        heartBeatNanos = interval.toNanos();
    }

    /**
     * Queues a heart-beat if nothing was handed over for this client for its heart-beat interval.
     * A client that receives changes more often than that gets none: the changes show that the
     * shop is there.
     */
    void sendHeartBeatIfIdle(long now) {
        long interval = heartBeatNanos;
        if (interval > 0 && now - lastHandedOver >= interval && isConnected()) {
            send(HEART_BEAT);
        }
    }

    private synchronized boolean isConnected() {
        return beforeConnected == null && !closed && !errorQueued;
    }

    private void inBackground(Runnable task) {
        try {
            writers.execute(task);
        }
        catch (RejectedExecutionException ex) {
            // Shutting down: Spring's handler closes every connection as it stops; nothing more is written.
            synchronized (this) {
                closed = true;
                queue = null;
                writing = false;
                writeStarted = 0;
            }
        }
    }

    private static boolean opensTheConnection(String frame) {
        return frame.startsWith("CONNECTED\n") || isError(frame);
    }

    private static boolean isError(String frame) {
        return frame.startsWith("ERROR\n");
    }

    private void enqueue(Frame frame) {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.add(frame);
        queuedBytes += frame.bytes();
    }

    /** Writes what is queued, one frame after the other, until nothing is. */
    @Override
    public void run() {
        for (;;) {
            Frame next;
            CloseStatus close;
            synchronized (this) {
                writer = null;
                if (aborted) {
                    // The write ended before the interrupt could: it is not left for the next one.
                    Thread.interrupted();
                    writing = false;
                    writeStarted = 0;
                    close = TOO_SLOW;
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
                    closeQuietly(close);
                }
                return;
            }
            try {
                write(next);
            }
            catch (Throwable ex) {
                // The client went away, or stopped reading for longer than the send time limit
                // (or an Error: this session is given up all the same, and the Error goes on).
                log.debug("Could not write to session {}: {}", getId(), ex.toString());
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
                closeDelegate(CloseStatus.SESSION_NOT_RELIABLE);
                if (ex instanceof Error error) {
                    throw error;
                }
                return;
            }
        }
    }

    /**
     * Whether the write in progress has been under way for longer than {@code nanos}, seen so by
     * this look of {@link OutboundSessions#disconnectStalled} and by the one before: after a pause
     * of the whole JVM (a long GC), writes that were fine look old for a moment.
     */
    boolean isStalledOnTwoLooks(long now, long nanos) {
        long started = writeStarted;
        long stalled = started != 0 && now - started > nanos ? started : 0;
        boolean seenBefore = stalled != 0 && stalled == stalledWriteSeen;
        stalledWriteSeen = stalled;
        return seenBefore;
    }

    /**
     * Gives up the write in progress, if it is still the one the last look saw stalled
     * ({@link #isStalledOnTwoLooks}), and disconnects the client: its writer thread is interrupted, which ends the
     * container's blocking write (Tomcat then closes the connection, waiting at most 50 ms to send
     * the close frame), and goes back to the pool. The interrupt is sent while holding this lock, which
     * the writer takes before anything else after a write, so it cannot reach another client's write.
     */
    synchronized boolean abortStalledWrite() {
        long started = stalledWriteSeen;
        Thread stuck = writer;
        // Not if that write has ended meanwhile, or if the connection is closing anyway (the
        // interrupt would then land in the close, not in a write).
        if (stuck == null || aborted || started == 0 || writeStarted != started || !isOpen()) {
            return false;
        }
        aborted = true;
        closed = true;
        queue = null;
        queuedBytes = 0;
        // No longer counted as a stalled write while Tomcat closes the connection.
        writeStarted = 0;
        stuck.interrupt();
        return true;
    }

    // Through the session this decorates (and any decorator between), to the container's blocking send.
    private void write(Frame frame) throws IOException {
        getDelegate().sendMessage(frame.message());
    }

    /**
     * Closes the connection. A close for a protocol error (after an ERROR frame) waits until every
     * frame queued has been written, the ERROR frame last; any other close happens at once.
     */
    @Override
    public void close(CloseStatus status) throws IOException {
        synchronized (this) {
            if (closed) {
                // Already closing (a failed write, a client too slow): that close is under way.
                return;
            }
            if (CloseStatus.PROTOCOL_ERROR.equals(status) && writing) {
                closeWhenWritten = status;
                return;
            }
            closed = true;
            queue = null;
        }
        super.close(status);
    }

    private void closeQuietly(CloseStatus status) {
        synchronized (this) {
            closed = true;
            queue = null;
        }
        closeDelegate(status);
    }

    private void closeDelegate(CloseStatus status) {
        try {
            super.close(status);
        }
        catch (IOException | RuntimeException ex) {
            log.debug("Could not close session {}: {}", getId(), ex.getMessage());
        }
    }

    /** UTF-8 length of a frame, counted without encoding it. */
    static int utf8Length(String text) {
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                }
                else if (Character.isHighSurrogate(c)) {
                    // A surrogate pair: two chars, four bytes.
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
