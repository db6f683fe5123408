package com.example.shop.live;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.HistoryGoneException;
import com.example.shop.catalog.ShirtChanged;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one reader of the change log in this shop, and the only thing that hands changes to live
 * clients: each committed change, exactly once and in seq order, to every STOMP subscription and
 * every Server-Sent Events stream of this shop.
 * <p>
 * The change log is already durable, gap-free and in commit order; reading it from one thread,
 * from where it last was, keeps that order all the way to the socket, whoever committed the
 * change (this shop or another shop on the same database) and whenever (before a crash, while a
 * subscriber was away). The thread wakes when this shop commits a change, when PostgreSQL
 * notifies it of a commit elsewhere ({@link PostgresChangeSignal}), when a subscriber joins, and
 * every {@code shop.live.poll-interval} in any case.
 * <p>
 * A change this shop committed is handed to the feed with its commit, and delivered as it is when
 * it is the next in seq order, without reading it back (that read took a few milliseconds, most
 * of the time from commit to the first subscriber). Otherwise, a change of another shop or one not
 * yet handed over comes first, and the change log is read: the log stays the authority, the
 * handed-over change only saves reading what the feed already holds. Seqs are given out under the
 * catalog's lock, held until commit, so a change's predecessors are committed before it is.
 * <p>
 * A follower that joins with a seq is first replayed the changes after it, on this thread, in
 * slices of at most {@link #REPLAY_SLICE} changes between two looks for live changes, and only as
 * fast as its client takes them ({@link Follower#canTakeMore}); it gets no live changes until it
 * has caught up, so replay and live changes meet without a gap or a repeat. A follower that closes
 * is dropped at once ({@link #left}). Followers must not block: they queue the change for their own
 * writer.
 */
@Component
class ChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    /** Something live that receives changes from the feed. Called on the feed's thread only. */
    interface Follower {

        /** The next change for this follower; must not block. */
        void receive(Change change);

        /**
         * The changes owed to this follower are no longer kept (or its seq is of another epoch):
         * it must reload the catalog at {@code seq} of {@code epoch}.
         */
        void reload(long seq, String epoch, String why);

        /** Whether it still wants changes; a closed follower is dropped. */
        boolean isOpen();

        /**
         * Whether its way out has room for more of a replay: a replay is sent as fast as the client
         * takes it, not faster, so that a client reading normally is never dropped for the size of
         * its replay. Live changes are sent regardless (their own limits apply).
         */
        default boolean canTakeMore() {
            return true;
        }

    }

    /**
     * A change and its JSON, written once for every follower: as bytes for STOMP frames' length,
     * and as text for what is written as text (STOMP frames, SSE data); with the epoch of the
     * change log it comes from.
     */
    record Change(ShirtChanged change, byte[] json, String text, String epoch) {

        Change(ShirtChanged change, byte[] json, String epoch) {
            this(change, json, new String(json, StandardCharsets.UTF_8), epoch);
        }

        long seq() {
            return change.seq();
        }

    }

    private record Join(Follower follower, @Nullable Long after, @Nullable String epoch, int maxReplay,
            @Nullable LongConsumer joined) {
    }

    private static final class Entry {

        final Follower follower;

        long cursor;

        // While replaying: the changes read from the log and not yet sent, and what to call once
        // it has caught up. A replaying follower gets no live changes: it reads them from the log.
        boolean replaying;

        final ArrayDeque<Change> pending = new ArrayDeque<>();

        @Nullable LongConsumer joined;

        Entry(Follower follower, long cursor) {
            this.follower = follower;
            this.cursor = cursor;
        }

    }

    /**
     * The most changes of replays sent, and at most one page of them read from the log, between two
     * looks for live changes: a replay costs the live changes of everyone at most this much delay.
     */
    static final int REPLAY_SLICE = 100;

    // How long the feed waits, while replays wait for their clients to read, before it looks again.
    private static final long REPLAY_PAUSE_NANOS = Duration.ofMillis(5).toNanos();

    private final Catalog catalog;

    private final JsonMapper json;

    private final LiveProperties properties;

    private final Clock clock;

    private final Queue<Join> joins = new ConcurrentLinkedQueue<>();

    // Changes this shop committed, handed over by the committing threads, in any order.
    private final Queue<ShirtChanged> committed = new ConcurrentLinkedQueue<>();

    // Touched by the feed thread only.
    private final List<Entry> followers = new ArrayList<>();

    // The followers still being replayed to, taken in turn a slice at a time; feed thread only.
    private final ArrayDeque<Entry> replaying = new ArrayDeque<>();

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition woken = lock.newCondition();

    private final AtomicLong deliveries = new AtomicLong();

    // Guarded by lock: the change log must be read (a commit of another shop, a join).
    private boolean wakeRequested;

    // Guarded by lock: a follower closed, and is to be dropped now, not at the next change.
    private boolean purgeRequested;

    // When the change log is read next in any case (System.nanoTime); the feed thread's only.
    private long nextRead;

    private volatile long broadcastSeq = -1;

    // The change log's epoch, read when the feed starts and when it loses its place.
    private volatile String epoch = "";

    private volatile long latestSeq = -1;

    private volatile @Nullable Instant behindSince;

    private volatile @Nullable String lastError;

    private volatile int followerCount;

    private volatile @Nullable Thread thread;

    private volatile boolean running;

    ChangeFeed(Catalog catalog, JsonMapper json, LiveProperties properties, Clock clock) {
        this.catalog = catalog;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Adds a follower. With {@code after}, it first gets the changes after that seq from the change
     * log (or a reload, when more than {@code maxReplay} or no longer kept or ahead of the
     * catalog, or when {@code epoch} is given and is not the change log's), then the live changes;
     * without, only changes broadcast from now on.
     * {@code joined} runs on the feed thread once the follower is in place, with the seq after which
     * its live changes follow, before any of them.
     */
    void join(Follower follower, @Nullable Long after, @Nullable String epoch, int maxReplay,
            @Nullable LongConsumer joined) {
        joins.add(new Join(follower, after, epoch, maxReplay, joined));
        wake();
    }

    /** Read the change log now: something was committed. */
    void wake() {
        signal(true);
    }

    /**
     * A follower closed: the feed drops it at once, so that nothing of a closed connection stays
     * reachable from here until the next change (which may be hours away).
     */
    void left() {
        lock.lock();
        try {
            purgeRequested = true;
            woken.signal();
        }
        finally {
            lock.unlock();
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(ShirtChanged change) {
        if (!running) {
            // Started at the tip when it starts: nothing to keep.
            return;
        }
        committed.add(change);
        signal(false);
    }

    // Wakes the feed thread; readLog, to read the change log too (not only what was handed over).
    private void signal(boolean readLog) {
        lock.lock();
        try {
            wakeRequested |= readLog;
            woken.signal();
        }
        finally {
            lock.unlock();
        }
    }

    /** The last seq this shop handed to its followers; -1 before the feed has read the catalog. */
    long broadcastSeq() {
        return broadcastSeq;
    }

    /** The latest committed seq as of the feed's last read, minus the last seq it broadcast. */
    long lag() {
        long latest = latestSeq;
        long broadcast = broadcastSeq;
        return latest < 0 || broadcast < 0 ? 0 : Math.max(0, latest - broadcast);
    }

    /** Since when the feed has been behind the catalog (or unable to read it); {@code null} while it is up to date. */
    @Nullable Instant behindSince() {
        return behindSince;
    }

    @Nullable String lastError() {
        return lastError;
    }

    long deliveries() {
        return deliveries.get();
    }

    int followers() {
        return followerCount;
    }

    private void run() {
        try {
            follow();
        }
        finally {
            if (running) {
                // An Error ended the thread: no more deliveries, no more hand-overs kept, and the
                // changeFeed health goes DOWN after max-lag.
                log.error("Change feed thread ended unexpectedly at seq {}", broadcastSeq);
                running = false;
                behindSince = firstBehind();
            }
        }
    }

    private void follow() {
        boolean read = true;
        while (running) {
            try {
                if (broadcastSeq < 0) {
                    // Start at the tip: who joins later and wants older changes says so with a seq.
                    // What was handed over so far was committed before this read, so is at or below it.
                    committed.clear();
                    epoch = catalog.readEpoch();
                    long latest = catalog.currentSeq();
                    latestSeq = latest;
                    broadcastSeq = latest;
                    log.info("Change feed started at seq {}", latest);
                }
                if (!deliverCommitted() || read || lastError != null) {
                    nextRead = System.nanoTime() + properties.pollInterval().toNanos();
                    deliverNew();
                }
                admitJoins();
                replaySlice();
                if (lastError != null) {
                    log.info("Change feed reads the change log again, at seq {}", broadcastSeq);
                    lastError = null;
                }
                behindSince = latestSeq > broadcastSeq ? firstBehind() : null;
            }
            catch (RuntimeException ex) {
                if (lastError == null) {
                    log.warn("Change feed cannot read the change log, retrying every {}: {}",
                            properties.pollInterval(), ex.getMessage());
                }
                lastError = String.valueOf(ex.getMessage());
                behindSince = firstBehind();
                // Tried again a poll interval from now, or at the next wake-up.
                nextRead = System.nanoTime() + properties.pollInterval().toNanos();
            }
            read = awaitWake();
            if (takePurge()) {
                purgeClosed();
            }
        }
    }

    /**
     * Delivers the changes this shop committed that follow the last one broadcast, as they are.
     * Answers false when one does not follow (the change log must then be read), true otherwise.
     */
    private boolean deliverCommitted() {
        if (committed.isEmpty()) {
            return true;
        }
        List<ShirtChanged> handedOver = new ArrayList<>();
        for (ShirtChanged change = committed.poll(); change != null; change = committed.poll()) {
            handedOver.add(change);
        }
        handedOver.sort(Comparator.comparingLong(ShirtChanged::seq));
        for (ShirtChanged change : handedOver) {
            if (change.seq() <= broadcastSeq) {
                // Already read from the change log.
                continue;
            }
            if (change.seq() != broadcastSeq + 1) {
                return false;
            }
            latestSeq = Math.max(latestSeq, change.seq());
            deliver(encode(change));
        }
        return true;
    }

    private Instant firstBehind() {
        Instant since = behindSince;
        return since != null ? since : clock.instant();
    }

    /** Hands every change committed after the last broadcast to every follower, in seq order. */
    private void deliverNew() {
        while (running) {
            Catalog.Changes page;
            try {
                page = catalog.changesAfter(broadcastSeq, null);
            }
            catch (HistoryGoneException ex) {
                // The feed itself fell further behind than the change log keeps (a long outage), or
                // the database was replaced: nobody can be brought up to date change by change.
                long latest = catalog.currentSeq();
                epoch = catalog.readEpoch();
                log.warn("Change feed lost its place at seq {} (the catalog is at {}): telling every follower to reload",
                        broadcastSeq, latest);
                for (Entry entry : followers) {
                    entry.follower.reload(latest, epoch, "The shop missed changes it can no longer replay.");
                    entry.cursor = latest;
                }
                replaying.forEach(ChangeFeed::caughtUp);
                replaying.clear();
                broadcastSeq = latest;
                latestSeq = latest;
                return;
            }
            latestSeq = page.seq();
            if (page.events().isEmpty()) {
                return;
            }
            for (ShirtChanged change : page.events()) {
                deliver(encode(change));
            }
            if (broadcastSeq >= page.seq()) {
                return;
            }
        }
    }

    private void deliver(Change change) {
        long delivered = 0;
        for (int i = followers.size() - 1; i >= 0; i--) {
            Entry entry = followers.get(i);
            if (!entry.follower.isOpen()) {
                // Order of followers does not matter: swap the last one in.
                Entry last = followers.remove(followers.size() - 1);
                if (i < followers.size()) {
                    followers.set(i, last);
                }
                continue;
            }
            if (!entry.replaying && change.seq() > entry.cursor) {
                entry.follower.receive(change);
                entry.cursor = change.seq();
                delivered++;
            }
        }
        followerCount = followers.size();
        deliveries.addAndGet(delivered);
        broadcastSeq = change.seq();
    }

    private void admitJoins() {
        for (Join join = joins.poll(); join != null; join = joins.poll()) {
            if (!join.follower().isOpen()) {
                continue;
            }
            Entry entry = new Entry(join.follower(), broadcastSeq);
            entry.joined = join.joined();
            followers.add(entry);
            followerCount = followers.size();
            long from = start(join);
            if (from < broadcastSeq) {
                // Replayed in slices between live changes (replaySlice), as fast as it reads.
                entry.cursor = from;
                entry.replaying = true;
                replaying.add(entry);
            }
            else {
                entry.cursor = from;
                caughtUp(entry);
            }
        }
    }

    /**
     * Where a joining follower starts: the broadcast seq (no replay, or a reload sent), a seq ahead
     * of it within the catalog, or the seq after which it is to be replayed the log.
     */
    private long start(Join join) {
        long broadcast = broadcastSeq;
        Long after = join.after();
        if (after == null || after == broadcast) {
            return broadcast;
        }
        Follower follower = join.follower();
        if (join.epoch() != null && !join.epoch().equals(epoch)) {
            follower.reload(broadcast, epoch, "seq " + after + " is of another change log (epoch " + abbreviate(join.epoch())
                    + "); this catalog's epoch is " + epoch + ".");
            return broadcast;
        }
        if (after > broadcast) {
            // Ahead of what this shop broadcast: fine while it is within the catalog (the feed is
            // catching up, or another shop told the client first), then live changes go on from there.
            try {
                catalog.changesAfter(after, 1);
                return after;
            }
            catch (HistoryGoneException ex) {
                follower.reload(broadcast, epoch, "seq " + after + " is ahead of the catalog, whose latest seq is " + broadcast + ".");
                return broadcast;
            }
        }
        if (broadcast - after > join.maxReplay()) {
            follower.reload(broadcast, epoch, "More than " + join.maxReplay() + " changes were missed.");
            return broadcast;
        }
        return after;
    }

    private static void caughtUp(Entry entry) {
        entry.replaying = false;
        entry.pending.clear();
        LongConsumer joined = entry.joined;
        entry.joined = null;
        if (joined != null) {
            joined.accept(entry.cursor);
        }
    }

    /**
     * Sends the followers being replayed to at most {@link #REPLAY_SLICE} changes in all, reading
     * at most one page of the log, taking them in turn and skipping those whose client has not
     * taken what it was sent: so a replay neither holds up live changes for long nor floods a
     * client's queue. A follower that reaches the broadcast seq goes on live from there, without a
     * gap or a repeat (live changes skipped it meanwhile, and it read them from the log).
     */
    private void replaySlice() {
        int budget = REPLAY_SLICE;
        boolean read = false;
        for (int turns = replaying.size(); turns > 0 && budget > 0 && !replaying.isEmpty(); turns--) {
            Entry entry = replaying.poll();
            if (!entry.follower.isOpen()) {
                continue;
            }
            if (entry.pending.isEmpty() && entry.cursor < broadcastSeq) {
                if (read) {
                    // One read of the log per slice; this one waits for the next.
                    replaying.add(entry);
                    continue;
                }
                read = true;
                try {
                    for (ShirtChanged change : catalog.changesAfter(entry.cursor, REPLAY_SLICE).events()) {
                        entry.pending.add(encode(change));
                    }
                }
                catch (HistoryGoneException ex) {
                    entry.follower.reload(broadcastSeq, epoch, "The changes after seq " + entry.cursor + " are no longer kept.");
                    entry.cursor = broadcastSeq;
                }
            }
            while (budget > 0 && entry.cursor < broadcastSeq && entry.follower.canTakeMore()) {
                Change change = entry.pending.poll();
                if (change == null || change.seq() > broadcastSeq) {
                    break;
                }
                if (change.seq() > entry.cursor) {
                    entry.follower.receive(change);
                    entry.cursor = change.seq();
                    deliveries.incrementAndGet();
                    budget--;
                }
            }
            if (entry.cursor >= broadcastSeq) {
                caughtUp(entry);
            }
            else {
                replaying.add(entry);
            }
        }
    }

    /** Drops closed followers now; called on the feed thread when one has left. */
    private void purgeClosed() {
        followers.removeIf(entry -> !entry.follower.isOpen());
        replaying.removeIf(entry -> !entry.follower.isOpen());
        followerCount = followers.size();
    }

    private boolean takePurge() {
        lock.lock();
        try {
            boolean purge = purgeRequested;
            purgeRequested = false;
            return purge;
        }
        finally {
            lock.unlock();
        }
    }

    private Change encode(ShirtChanged change) {
        return new Change(change, json.writeValueAsBytes(change), epoch);
    }

    /** The change log's epoch, as the feed last read it; empty before it started. */
    String epoch() {
        return epoch;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /**
     * Waits for a change this shop committed, a wake-up or the next read in any case (a poll
     * interval after the last); answers whether the change log is to be read.
     */
    private boolean awaitWake() {
        lock.lock();
        try {
            long nanos = nextRead - System.nanoTime();
            if (!replaying.isEmpty()) {
                // Replays go on at once while a client has room, else after a short pause.
                nanos = Math.min(nanos, replaying.stream().anyMatch(entry -> entry.follower.canTakeMore()) ? 0 : REPLAY_PAUSE_NANOS);
            }
            while (running && !wakeRequested && !purgeRequested && committed.isEmpty() && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
            boolean read = wakeRequested || nextRead - System.nanoTime() <= 0;
            wakeRequested = false;
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

    @Override
    public void start() {
        running = true;
        Thread feed = new Thread(this::run, "change-feed");
        feed.setDaemon(true);
        thread = feed;
        feed.start();
    }

    @Override
    public void stop() {
        running = false;
        wake();
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
        // A restarted feed starts again at the tip, with followers that join again.
        followers.clear();
        replaying.clear();
        joins.clear();
        committed.clear();
        followerCount = 0;
        broadcastSeq = -1;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stops after the web server stopped taking requests, starts before it takes them.
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

}
