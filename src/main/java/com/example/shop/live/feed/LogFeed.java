package com.example.shop.live.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of an {@link OrderedLog} in this shop: it hands each committed entry, exactly
 * once and in seq order, to its {@link Tail}, from one thread of its own.
 * <p>
 * The log is durable, gap-free and in commit order; reading it from one thread, from where it last
 * was, keeps that order all the way to the socket, whoever committed the entry (this shop or
 * another on the same database) and whenever. The thread wakes when this shop commits an entry
 * ({@link #committed}), when told another shop did ({@link #wake}, PostgreSQL's {@code NOTIFY}),
 * when its tail has work ({@link #nudge}), and every poll interval in any case.
 * <p>
 * An entry this shop committed is handed over with its commit and delivered as it is when it is
 * the next in seq order, without reading it back; otherwise the log is read (the log stays the
 * authority). It starts at the log's tip: who wants older entries asks the tail for a replay.
 */
public final class LogFeed {

    private static final Logger log = LoggerFactory.getLogger(LogFeed.class);

    /** What the feed drives, on its thread only. */
    public interface Tail {

        /** The feed (re)starts at {@code seq} of {@code epoch}: nothing before is delivered. */
        void started(String epoch, long seq);

        /** The next entry, in seq order. */
        void deliver(OrderedLog.Entry entry);

        /** The feed lost its place (further behind than the log keeps, or a new epoch); it goes on at {@code latest}. */
        void lost(String epoch, long latest);

        /**
         * Work between two looks at the log (joins, a slice of replays, dropping the closed), with
         * the last seq delivered; answers how long until it wants to run again, in nanoseconds
         * ({@code 0}: at once, {@link Long#MAX_VALUE}: only when nudged).
         */
        long work(long deliveredSeq);

    }

    private final String name;

    private final OrderedLog source;

    private final Tail tail;

    private final Duration pollInterval;

    private final Clock clock;

    private final Queue<OrderedLog.Entry> committed = new ConcurrentLinkedQueue<>();

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition woken = lock.newCondition();

    // Guarded by lock: read the log (a commit elsewhere), or run the tail's work (a join, a leave).
    private boolean readRequested;

    private boolean nudged;

    // When the log is read next in any case (System.nanoTime); the feed thread's only.
    private long nextRead;

    private volatile long deliveredSeq = -1;

    private volatile long latestSeq = -1;

    private volatile String epoch = "";

    private volatile @Nullable Instant behindSince;

    private volatile @Nullable String lastError;

    private volatile @Nullable Thread thread;

    private volatile boolean running;

    /**
     * @param name the thread's name, for thread dumps and logs
     * @param pollInterval how often the log is read when nothing woke the feed
     */
    public LogFeed(String name, OrderedLog source, Tail tail, Duration pollInterval, Clock clock) {
        this.name = name;
        this.source = source;
        this.tail = tail;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    /** An entry this shop committed, handed over after its commit: delivered without a read when next in order. */
    public void committed(OrderedLog.Entry entry) {
        if (!running) {
            // Starts at the tip when it starts: nothing to keep.
            return;
        }
        committed.add(entry);
        signal(false, false);
    }

    /** Read the log now: something was committed elsewhere. */
    public void wake() {
        signal(true, false);
    }

    /** Run the tail's work now (a join, a leave). */
    public void nudge() {
        signal(false, true);
    }

    private void signal(boolean read, boolean nudge) {
        lock.lock();
        try {
            readRequested |= read;
            nudged |= nudge;
            woken.signal();
        }
        finally {
            lock.unlock();
        }
    }

    /** The last seq delivered to the tail; -1 before the feed has read the log. */
    public long deliveredSeq() {
        return deliveredSeq;
    }

    /** The latest committed seq as of the last read, minus the last seq delivered. */
    public long lag() {
        long latest = latestSeq;
        long delivered = deliveredSeq;
        return latest < 0 || delivered < 0 ? 0 : Math.max(0, latest - delivered);
    }

    /** Since when the feed has been behind the log (or unable to read it); {@code null} while up to date. */
    public @Nullable Instant behindSince() {
        return behindSince;
    }

    public @Nullable String lastError() {
        return lastError;
    }

    /** The log's epoch as the feed last read it; empty before it started. */
    public String epoch() {
        return epoch;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread feed = new Thread(this::run, name);
        feed.setDaemon(true);
        thread = feed;
        feed.start();
    }

    public synchronized void stop() {
        running = false;
        signal(true, true);
        Thread feed = thread;
        if (feed != null) {
            try {
                feed.join(Duration.ofSeconds(5).toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        committed.clear();
        deliveredSeq = -1;
    }

    public boolean isRunning() {
        return running;
    }

    private void run() {
        try {
            follow();
        }
        finally {
            if (running) {
                // An Error ended the thread: no more deliveries, and health goes DOWN after max-lag.
                log.error("{} ended unexpectedly at seq {}", name, deliveredSeq);
                running = false;
                behindSince = firstBehind();
            }
        }
    }

    private void follow() {
        boolean read = true;
        long workIn = 0;
        while (running) {
            try {
                if (deliveredSeq < 0) {
                    committed.clear();
                    epoch = source.epoch();
                    long latest = source.latestSeq();
                    latestSeq = latest;
                    deliveredSeq = latest;
                    tail.started(epoch, latest);
                    log.info("{} started at seq {}", name, latest);
                }
                if (!deliverCommitted() || read || lastError != null) {
                    nextRead = System.nanoTime() + pollInterval.toNanos();
                    deliverNew();
                }
                workIn = tail.work(deliveredSeq);
                if (lastError != null) {
                    log.info("{} reads the log again, at seq {}", name, deliveredSeq);
                    lastError = null;
                }
                behindSince = latestSeq > deliveredSeq ? firstBehind() : null;
            }
            catch (RuntimeException ex) {
                if (lastError == null) {
                    log.warn("{} cannot read the log, retrying every {}: {}", name, pollInterval, ex.getMessage());
                }
                lastError = String.valueOf(ex.getMessage());
                behindSince = firstBehind();
                nextRead = System.nanoTime() + pollInterval.toNanos();
            }
            read = awaitWake(workIn);
        }
    }

    /** Delivers the handed-over entries that follow the last one delivered; false when one does not follow. */
    private boolean deliverCommitted() {
        if (committed.isEmpty()) {
            return true;
        }
        List<OrderedLog.Entry> handedOver = new ArrayList<>();
        for (OrderedLog.Entry entry = committed.poll(); entry != null; entry = committed.poll()) {
            handedOver.add(entry);
        }
        handedOver.sort(Comparator.comparingLong(OrderedLog.Entry::seq));
        for (OrderedLog.Entry entry : handedOver) {
            if (entry.seq() <= deliveredSeq) {
                continue;
            }
            if (entry.seq() != deliveredSeq + 1) {
                return false;
            }
            latestSeq = Math.max(latestSeq, entry.seq());
            deliver(entry);
        }
        return true;
    }

    private void deliverNew() {
        while (running) {
            OrderedLog.Page page;
            try {
                page = source.after(deliveredSeq, Integer.MAX_VALUE);
            }
            catch (OrderedLog.GoneException ex) {
                // Further behind than the log keeps (a long outage), or the database was replaced.
                long latest = source.latestSeq();
                epoch = source.epoch();
                log.warn("{} lost its place at seq {} (the log is at {}): every follower reloads", name, deliveredSeq, latest);
                tail.lost(epoch, latest);
                deliveredSeq = latest;
                latestSeq = latest;
                return;
            }
            latestSeq = page.latestSeq();
            if (page.entries().isEmpty()) {
                return;
            }
            for (OrderedLog.Entry entry : page.entries()) {
                if (entry.seq() > deliveredSeq) {
                    deliver(entry);
                }
            }
            if (deliveredSeq >= page.latestSeq()) {
                return;
            }
        }
    }

    private void deliver(OrderedLog.Entry entry) {
        tail.deliver(entry);
        deliveredSeq = entry.seq();
    }

    private Instant firstBehind() {
        Instant since = behindSince;
        return since != null ? since : clock.instant();
    }

    /** Waits for a hand-over, a wake-up, the tail's next turn or the next read; answers whether to read the log. */
    private boolean awaitWake(long workIn) {
        lock.lock();
        try {
            long nanos = Math.min(nextRead - System.nanoTime(), workIn);
            while (running && !readRequested && !nudged && committed.isEmpty() && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            boolean read = readRequested || nextRead - System.nanoTime() <= 0;
            readRequested = false;
            nudged = false;
            return read;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
        finally {
            lock.unlock();
        }
    }

}
