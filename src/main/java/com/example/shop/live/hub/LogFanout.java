package com.example.shop.live.hub;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

import com.example.shop.live.feed.LogFeed;
import com.example.shop.live.feed.OrderedLog;

import tools.jackson.databind.json.JsonMapper;

/**
 * The followers of the log channels of one {@link OrderedLog}, driven by its {@link LogFeed}
 * (everything but {@link #join} and {@link #left} runs on the feed's thread, one step at a time,
 * so replay and live delivery never race).
 * <p>
 * Each entry is written as JSON once, and handed to every follower of every channel of the log
 * that wants it: the whole channel's followers, and the followers of the entry's key. A follower
 * that joins with a seq is first replayed what follows it from the log, in slices of at most
 * {@link #REPLAY_SLICE} entries between two looks for live entries, and only while its way out has
 * room ({@link Subscriber#canTakeMore}); live entries skip it meanwhile, and it reads them from the
 * log, so replay and live meet without a gap or a repeat.
 * <p>
 * Cursors: {@code keyCursor} is the last seq the follower has in its own seq space (the entry seq
 * for the whole channel, the key seq for a key's stream); {@code globalCursor} the last entry seq
 * it was delivered or replayed up to. A live entry goes to it when both are below the entry's.
 */
public final class LogFanout implements LogFeed.Tail {

    /**
     * The most entries of replays sent, and at most one page of them read from the log, between two
     * looks for live entries: a replay costs everyone's live entries at most this much delay.
     */
    public static final int REPLAY_SLICE = 100;

    // How long to wait, while replays wait for their clients to read, before looking again.
    private static final long REPLAY_PAUSE_NANOS = Duration.ofMillis(5).toNanos();

    private final OrderedLog log;

    private final JsonMapper json;

    private final Queue<Follower> joins = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean purge = new AtomicBoolean();

    private final AtomicLong deliveries = new AtomicLong();

    // The feed thread's only, from here on.
    private final List<Follower> whole = new ArrayList<>();

    private final Map<String, List<Follower>> byKey = new HashMap<>();

    private final ArrayDeque<Follower> replaying = new ArrayDeque<>();

    private long deliveredSeq = -1;

    private String epoch = "";

    private volatile int followers;

    private @Nullable Runnable nudge;

    public LogFanout(OrderedLog log, JsonMapper json) {
        this.log = log;
        this.json = json;
    }

    /** Who to tell when a follower joins or leaves (the feed, to run {@link #work} soon). */
    public void nudgeWith(Runnable nudge) {
        this.nudge = nudge;
    }

    /**
     * Adds a follower of {@code channel} (the whole of it, or the stream of {@code key}). With
     * {@code after}, it is first replayed what follows that seq (or reloaded, see
     * {@link LiveChannel.Log}); without, it gets what is delivered from now on. {@code joined} runs
     * on the feed thread once it is in place (replay sent), before any live entry, with the seq
     * after which its live entries follow (-1 when unknown: a key's stream joined without a seq).
     */
    public void join(Subscriber subscriber, LiveChannel.Log channel, @Nullable String key, @Nullable Long after,
            @Nullable String epoch, int maxReplay, @Nullable LongConsumer joined) {
        joins.add(new Follower(subscriber, channel, key, after, epoch, maxReplay, joined));
        poke();
    }

    /** A follower closed: dropped at the next turn, not at the next entry (which may be hours away). */
    public void left() {
        purge.set(true);
        poke();
    }

    private void poke() {
        Runnable wake = nudge;
        if (wake != null) {
            wake.run();
        }
    }

    /** Followers in place or joining. */
    public int followers() {
        return followers + joins.size();
    }

    /** Entries handed to a follower so far, replays included. */
    public long deliveries() {
        return deliveries.get();
    }

    @Override
    public void started(String epoch, long seq) {
        this.epoch = epoch;
        this.deliveredSeq = seq;
        // A restarted feed starts at the tip, with followers that join again.
        whole.clear();
        byKey.clear();
        replaying.clear();
        followers = 0;
    }

    @Override
    public void deliver(OrderedLog.Entry entry) {
        Map<LiveChannel.Log, Prepared> prepared = new IdentityHashMap<>(2);
        byte[] body = json.writeValueAsBytes(entry.body());
        long delivered = deliverTo(whole, entry, body, prepared);
        if (entry.key() != null) {
            List<Follower> ofKey = byKey.get(entry.key());
            if (ofKey != null) {
                delivered += deliverTo(ofKey, entry, body, prepared);
                if (ofKey.isEmpty()) {
                    byKey.remove(entry.key());
                }
            }
        }
        deliveries.addAndGet(delivered);
        deliveredSeq = entry.seq();
        count();
    }

    private long deliverTo(List<Follower> list, OrderedLog.Entry entry, byte[] body, Map<LiveChannel.Log, Prepared> prepared) {
        long delivered = 0;
        for (int i = list.size() - 1; i >= 0; i--) {
            Follower follower = list.get(i);
            if (!follower.subscriber.isOpen()) {
                // Order does not matter: swap the last one in.
                Follower last = list.remove(list.size() - 1);
                if (i < list.size()) {
                    list.set(i, last);
                }
                continue;
            }
            if (!follower.replaying && entry.seq() > follower.globalCursor && seqOf(follower, entry) > follower.keyCursor) {
                follower.subscriber.send(prepared.computeIfAbsent(follower.channel, channel -> prepare(channel, follower.key, entry, body)));
                follower.globalCursor = entry.seq();
                follower.keyCursor = seqOf(follower, entry);
                delivered++;
            }
        }
        return delivered;
    }

    private static long seqOf(Follower follower, OrderedLog.Entry entry) {
        return follower.key == null ? entry.seq() : entry.keySeq();
    }

    private Prepared prepare(LiveChannel.Log channel, @Nullable String key, OrderedLog.Entry entry, byte[] body) {
        long seq = key == null ? entry.seq() : entry.keySeq();
        return Prepared.of(channel.destination(), entry.type(), body, seq, epoch, Long.toString(seq), epoch + ":" + seq);
    }

    @Override
    public void lost(String epoch, long latest) {
        this.epoch = epoch;
        forEach(follower -> {
            long at = follower.key == null ? latest : log.latestSeq(follower.key);
            follower.subscriber.reload(follower.channel, at, epoch, "The shop missed changes it can no longer replay.");
            follower.globalCursor = latest;
            follower.keyCursor = at;
            caughtUp(follower);
        });
        replaying.clear();
        deliveredSeq = latest;
    }

    private void forEach(java.util.function.Consumer<Follower> action) {
        whole.forEach(action);
        byKey.values().forEach(list -> list.forEach(action));
    }

    @Override
    public long work(long deliveredSeq) {
        this.deliveredSeq = deliveredSeq;
        if (purge.getAndSet(false)) {
            purgeClosed();
        }
        admitJoins();
        replaySlice();
        count();
        if (replaying.isEmpty()) {
            return Long.MAX_VALUE;
        }
        // Replays go on at once while a client has room, else after a short pause.
        return replaying.stream().anyMatch(follower -> follower.subscriber.canTakeMore()) ? 0 : REPLAY_PAUSE_NANOS;
    }

    private void count() {
        int count = whole.size();
        for (List<Follower> list : byKey.values()) {
            count += list.size();
        }
        followers = count;
    }

    private void purgeClosed() {
        whole.removeIf(follower -> !follower.subscriber.isOpen());
        byKey.values().removeIf(list -> {
            list.removeIf(follower -> !follower.subscriber.isOpen());
            return list.isEmpty();
        });
        replaying.removeIf(follower -> !follower.subscriber.isOpen());
    }

    private void admitJoins() {
        for (Follower join = joins.poll(); join != null; join = joins.poll()) {
            if (!join.subscriber.isOpen()) {
                continue;
            }
            (join.key == null ? whole : byKey.computeIfAbsent(join.key, key -> new ArrayList<>())).add(join);
            start(join);
        }
    }

    /** Where a joining follower starts: live at once, after a reload, or replayed first. */
    private void start(Follower follower) {
        Long after = follower.after;
        follower.globalCursor = deliveredSeq;
        if (after == null) {
            // Only what is delivered from now on, whatever its key seq.
            follower.keyCursor = -1;
            caughtUp(follower);
            return;
        }
        String key = follower.key;
        long latest = key == null ? deliveredSeq : log.latestSeq(key);
        if (follower.epoch != null && !follower.epoch.equals(epoch)) {
            reload(follower, latest, "seq " + after + " is of another change log (epoch " + abbreviate(follower.epoch)
                    + "); this change log's epoch is " + epoch + ".");
            return;
        }
        if (key == null && after > deliveredSeq) {
            // Ahead of what this shop delivered: fine while it is within the log (the feed is
            // catching up, or another shop told the client first); live entries go on from there.
            try {
                log.after(after, 1);
                follower.keyCursor = after;
                caughtUp(follower);
            }
            catch (OrderedLog.GoneException ex) {
                reload(follower, latest, "seq " + after + " is ahead of the log, whose latest seq is " + deliveredSeq + ".");
            }
            return;
        }
        if (key != null && after > latest) {
            reload(follower, latest, "seq " + after + " is ahead of this stream, whose latest seq is " + latest + ".");
            return;
        }
        if (latest - after > follower.maxReplay) {
            reload(follower, latest, "More than " + follower.maxReplay + " changes were missed.");
            return;
        }
        follower.keyCursor = after;
        if (key == null && after == deliveredSeq) {
            caughtUp(follower);
            return;
        }
        follower.replaying = true;
        replaying.add(follower);
    }

    private void reload(Follower follower, long at, String why) {
        follower.subscriber.reload(follower.channel, at, epoch, why);
        follower.keyCursor = at;
        follower.globalCursor = deliveredSeq;
        caughtUp(follower);
    }

    private static void caughtUp(Follower follower) {
        follower.replaying = false;
        follower.pending.clear();
        LongConsumer joined = follower.joined;
        follower.joined = null;
        if (joined != null) {
            joined.accept(follower.keyCursor >= 0 ? follower.keyCursor : follower.key == null ? follower.globalCursor : -1);
        }
    }

    /**
     * Sends the followers being replayed to at most {@link #REPLAY_SLICE} entries in all, reading
     * at most one page of the log, taking them in turn and skipping those whose client has not
     * taken what it was sent. A follower is caught up once the log holds nothing more for it up to
     * the seq delivered live: live entries skipped it meanwhile, and it read them from the log.
     */
    private void replaySlice() {
        int budget = REPLAY_SLICE;
        boolean read = false;
        for (int turns = replaying.size(); turns > 0 && budget > 0 && !replaying.isEmpty(); turns--) {
            Follower follower = replaying.poll();
            if (!follower.subscriber.isOpen()) {
                continue;
            }
            if (follower.pending.isEmpty() && follower.readUpTo < deliveredSeq) {
                if (read) {
                    // One read of the log per slice; this one waits for the next.
                    replaying.add(follower);
                    continue;
                }
                read = true;
                if (!readPage(follower)) {
                    continue;
                }
            }
            while (budget > 0 && follower.subscriber.canTakeMore()) {
                Pending next = follower.pending.poll();
                if (next == null) {
                    break;
                }
                follower.subscriber.send(next.message);
                follower.keyCursor = next.seq;
                deliveries.incrementAndGet();
                budget--;
            }
            if (follower.pending.isEmpty() && follower.readUpTo >= deliveredSeq) {
                follower.globalCursor = deliveredSeq;
                caughtUp(follower);
            }
            else {
                replaying.add(follower);
            }
        }
    }

    /**
     * Reads the next page of a follower's replay into its pending entries: those delivered live so
     * far (later ones will be delivered live to it). Answers false if it had to reload instead.
     */
    private boolean readPage(Follower follower) {
        long upTo = deliveredSeq;
        OrderedLog.Page page;
        try {
            page = follower.key == null ? log.after(follower.keyCursor, REPLAY_SLICE)
                    : log.after(follower.key, follower.keyCursor, REPLAY_SLICE);
        }
        catch (OrderedLog.GoneException ex) {
            long at = follower.key == null ? deliveredSeq : log.latestSeq(follower.key);
            reload(follower, at, "The changes after seq " + follower.keyCursor + " are no longer kept.");
            return false;
        }
        boolean beyond = false;
        for (OrderedLog.Entry entry : page.entries()) {
            if (entry.seq() > upTo) {
                beyond = true;
                break;
            }
            long seq = seqOf(follower, entry);
            follower.pending.add(new Pending(seq, prepare(follower.channel, follower.key, entry, json.writeValueAsBytes(entry.body()))));
        }
        List<OrderedLog.Entry> entries = page.entries();
        boolean exhausted = beyond || entries.isEmpty() || seqOf(follower, entries.get(entries.size() - 1)) >= page.latestSeq();
        // Everything of this stream up to upTo is in hand once the log has nothing more up to it;
        // else the next page is read from the last entry pending.
        // (The next page is read from the key cursor, once these are sent.)
        follower.readUpTo = exhausted ? upTo : -1;
        return true;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    private record Pending(long seq, Prepared message) {
    }

    private static final class Follower {

        final Subscriber subscriber;

        final LiveChannel.Log channel;

        final @Nullable String key;

        final @Nullable Long after;

        final @Nullable String epoch;

        final int maxReplay;

        @Nullable LongConsumer joined;

        long keyCursor;

        long globalCursor;

        boolean replaying;

        // The entry seq up to which the log holds nothing more for this follower than it was sent
        // or has pending; -1 while more pages are to be read.
        long readUpTo = -1;

        final ArrayDeque<Pending> pending = new ArrayDeque<>();

        Follower(Subscriber subscriber, LiveChannel.Log channel, @Nullable String key, @Nullable Long after,
                @Nullable String epoch, int maxReplay, @Nullable LongConsumer joined) {
            this.subscriber = subscriber;
            this.channel = channel;
            this.key = key;
            this.after = after;
            this.epoch = epoch;
            this.maxReplay = maxReplay;
            this.joined = joined;
        }

    }

}
