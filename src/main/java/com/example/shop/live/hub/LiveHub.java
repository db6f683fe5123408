package com.example.shop.live.hub;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.shop.live.feed.LogFeed;
import com.example.shop.live.feed.OrderedLog;

import tools.jackson.databind.json.JsonMapper;

/**
 * The live channels of this shop and their followers; what every transport subscribes through,
 * and what owners of state channels publish to.
 * <p>
 * Each distinct {@link OrderedLog} of the log channels gets one {@link LogFeed} thread and one
 * {@link LogFanout}, whatever the number of channels it feeds. A SUBSCRIBE (or an SSE stream) is
 * checked here and only here: the channel must be registered, and its access rule must grant the
 * connection's principal a stream.
 */
public final class LiveHub {

    private static final Logger log = LoggerFactory.getLogger(LiveHub.class);

    private final Map<String, LiveChannel> byDestination = new LinkedHashMap<>();

    // Several channels may stream at one path (/orders/stream: the admin's orders, or a shopper's own).
    private final Map<String, List<LiveChannel>> bySsePath = new LinkedHashMap<>();

    private final Map<OrderedLog, LogFanout> fanouts = new IdentityHashMap<>();

    private final Map<OrderedLog, LogFeed> feeds = new IdentityHashMap<>();

    private final Map<String, StateFanout> states = new LinkedHashMap<>();

    // The open connections by HTTP session id, to close those of a session that ended, and to keep
    // alive those of a session whose connections are in use.
    private final Map<String, Set<Open>> bySession = new ConcurrentHashMap<>();

    /** An open connection of a session: how to close it, and when its client was last heard from. */
    /** @param renews whether the connection keeps its session from expiring while its client is heard from */
    private record Open(Closeable connection, LongSupplier heardAt, boolean renews) {
    }

    /**
     * @param pollInterval how often each feed reads its log when nothing woke it
     */
    public LiveHub(List<LiveChannel> channels, JsonMapper json, Duration pollInterval, Clock clock) {
        for (LiveChannel channel : channels) {
            if (byDestination.putIfAbsent(channel.destination(), channel) != null) {
                throw new IllegalStateException("Two live channels at " + channel.destination());
            }
            String ssePath = channel.ssePath();
            if (ssePath != null) {
                bySsePath.computeIfAbsent(ssePath, path -> new java.util.ArrayList<>()).add(channel);
            }
            if (channel instanceof LiveChannel.Log logChannel) {
                fanouts.computeIfAbsent(logChannel.log(), source -> {
                    LogFanout fanout = new LogFanout(source, json);
                    LogFeed feed = new LogFeed("live-feed-" + (feeds.size() + 1), source, fanout, pollInterval, clock);
                    fanout.nudgeWith(feed::nudge);
                    feeds.put(source, feed);
                    return fanout;
                });
            }
            else if (channel instanceof LiveChannel.State state) {
                states.put(state.destination(), new StateFanout(state, json));
            }
        }
    }

    /** A SUBSCRIBE (or stream) the hub refuses: the client is told this message. */
    public static final class RefusedException extends RuntimeException {

        public RefusedException(String message) {
            super(message, null, false, false);
        }

    }

    /**
     * Adds a follower of the channel at {@code destination}, if the principal may follow it.
     * A log channel replays what follows {@code after} (of {@code epoch}) first, or only delivers
     * what comes from now on without it; a state channel sends its snapshot first, and ignores
     * both. {@code joined} runs once the follower is in place (its replay or snapshot handed to
     * it), before any live message: on the feed's thread for a log channel, on this one for a state;
     * with the seq after which live messages follow (a log channel's, or the snapshot's seq; -1
     * when unknown).
     *
     * @param maxReplay the most entries replayed; further behind, a reload
     * @throws RefusedException when no channel is registered there or its rule refuses
     */
    public void subscribe(String destination, LivePrincipal principal, Subscriber subscriber, @Nullable Long after,
            @Nullable String epoch, int maxReplay, @Nullable LongConsumer joined) {
        LiveChannel channel = byDestination.get(destination);
        if (channel == null) {
            throw new RefusedException("cannot subscribe to " + abbreviate(destination) + "; the destinations are "
                    + String.join(", ", byDestination.keySet()) + ".");
        }
        subscribe(channel, principal, subscriber, after, epoch, maxReplay, joined);
    }

    /** As {@link #subscribe(String, LivePrincipal, Subscriber, Long, String, int, Runnable)}, for a registered channel. */
    public void subscribe(LiveChannel channel, LivePrincipal principal, Subscriber subscriber, @Nullable Long after,
            @Nullable String epoch, int maxReplay, @Nullable LongConsumer joined) {
        Access access = channel.access().check(principal);
        if (access instanceof Access.Refused refused) {
            throw new RefusedException(refused.message());
        }
        String key = ((Access.Granted) access).key();
        if (channel instanceof LiveChannel.Log logChannel) {
            fanouts.get(logChannel.log()).join(subscriber, logChannel, key, after, epoch, maxReplay, joined);
        }
        else {
            long seq = states.get(channel.destination()).join(subscriber, key);
            if (joined != null) {
                joined.accept(seq);
            }
        }
    }

    /** The channel streamed at {@code path}, if any. */
    public @Nullable LiveChannel channelAtSsePath(String path) {
        List<LiveChannel> at = bySsePath.get(path);
        return at == null ? null : at.get(0);
    }

    /**
     * The channel streamed at {@code path} for {@code principal}: of the channels registered there,
     * the first whose access rule grants it a stream, or else the first (whose refusal it then gets).
     */
    public @Nullable LiveChannel channelAtSsePath(String path, LivePrincipal principal) {
        List<LiveChannel> at = bySsePath.get(path);
        if (at == null) {
            return null;
        }
        return at.stream().filter(channel -> channel.access().check(principal) instanceof Access.Granted).findFirst()
            .orElse(at.get(0));
    }

    public @Nullable LiveChannel channel(String destination) {
        return byDestination.get(destination);
    }

    public List<LiveChannel> channels() {
        return List.copyOf(byDestination.values());
    }

    /**
     * Publishes a message of the state channel at {@code destination} to the followers of
     * {@code key} ({@code null}: of the unkeyed channel), after they got their snapshot. Cheap when
     * nobody follows. Called after the change it tells of was committed.
     */
    public void publish(String destination, @Nullable String key, LiveMessage message) {
        StateFanout fanout = states.get(destination);
        if (fanout == null) {
            throw new IllegalArgumentException("No state channel at " + destination);
        }
        fanout.publish(key, message);
    }

    /** Whether anyone on this shop follows the state channel at {@code destination} (for {@code key}, or any key when {@code null}). */
    public boolean isFollowed(String destination, @Nullable String key) {
        StateFanout fanout = states.get(destination);
        return fanout != null && fanout.isFollowed(key);
    }

    /** The feed of a log: hand it what this shop commits ({@link LogFeed#committed}), wake it on another shop's commit. */
    public LogFeed feed(OrderedLog source) {
        LogFeed feed = feeds.get(source);
        if (feed == null) {
            throw new IllegalArgumentException("No log channel reads " + source);
        }
        return feed;
    }

    public List<LogFeed> feeds() {
        return List.copyOf(feeds.values());
    }

    /**
     * A follower closed: the hub drops it soon ({@link #sweep}, or the feed's next turn) rather
     * than at the next message, which may be hours away, so nothing of a closed connection stays
     * reachable from here. Many closes at once cost one look at the followers, not one each.
     */
    public void left() {
        fanouts.values().forEach(LogFanout::left);
        states.values().forEach(StateFanout::left);
    }

    /** Drops the followers of state channels that closed since the last sweep; run a few times a second. */
    public void sweep() {
        states.values().forEach(StateFanout::sweep);
    }

    /** Followers of every channel, in place or joining. */
    public int followers() {
        return fanouts.values().stream().mapToInt(LogFanout::followers).sum()
                + states.values().stream().mapToInt(StateFanout::followers).sum();
    }

    /** Messages of log channels handed to a follower so far. */
    public long deliveries() {
        return fanouts.values().stream().mapToLong(LogFanout::deliveries).sum();
    }

    /**
     * A live connection opened with {@code principal}; {@code connection} closes it. Answers what
     * to call when it has closed. Its client counts as heard from for as long as it is open (an
     * SSE stream: nothing comes back on it but the open connection itself).
     */
    public Runnable opened(LivePrincipal principal, Closeable connection) {
        return opened(principal, connection, System::nanoTime);
    }

    /**
     * As {@link #opened(LivePrincipal, Closeable)}, for a connection whose client talks back:
     * {@code heardAt} answers when ({@link System#nanoTime}) it last received something from the
     * client (a frame, a heart-beat), which {@link #sessionIdsHeardFromSince} asks.
     */
    public Runnable opened(LivePrincipal principal, Closeable connection, LongSupplier heardAt) {
        String sessionId = principal.sessionId();
        if (sessionId == null) {
            return () -> { };
        }
        // The admin's session ends at its timeout, open page or not: an admin page left open on an
        // unattended machine must not stay signed in for ever. A shopper's tab keeps its cart.
        Open open = new Open(connection, heardAt, !principal.admin());
        // Added inside the map's atomic step: else the last other connection of this session,
        // leaving at the same moment, could drop the set this one is added to.
        bySession.compute(sessionId, (id, all) -> {
            Set<Open> set = all != null ? all : ConcurrentHashMap.newKeySet();
            set.add(open);
            return set;
        });
        return () -> bySession.computeIfPresent(sessionId, (id, all) -> {
            all.remove(open);
            return all.isEmpty() ? null : all;
        });
    }

    /**
     * Closes every live connection opened with HTTP session {@code sessionId} (it ended: logout,
     * expiry); answers how many.
     */
    public int closeSession(String sessionId) {
        Set<Open> open = bySession.remove(sessionId);
        if (open == null) {
            return 0;
        }
        for (Open connection : open) {
            try {
                connection.connection().close();
            }
            catch (Exception ex) {
                log.debug("Could not close a live connection of an ended session: {}", ex.getMessage());
            }
        }
        return open.size();
    }

    /** The HTTP session ids with live connections open now. */
    public Set<String> sessionIds() {
        return Set.copyOf(bySession.keySet());
    }

    /**
     * The HTTP session ids of shoppers with a live connection open now whose client was heard from at
     * {@code nanos} ({@link System#nanoTime}) or later: the sessions in use, which the session check
     * keeps from expiring. A connection closed no longer counts.
     */
    public Set<String> sessionIdsHeardFromSince(long nanos) {
        Set<String> heard = new HashSet<>();
        bySession.forEach((sessionId, open) -> {
            if (open.stream().anyMatch(connection -> connection.renews() && connection.heardAt().getAsLong() - nanos >= 0)) {
                heard.add(sessionId);
            }
        });
        return heard;
    }

    public void start() {
        feeds.values().forEach(LogFeed::start);
    }

    public void stop() {
        feeds.values().forEach(LogFeed::stop);
    }

    public boolean isRunning() {
        return feeds.values().stream().anyMatch(LogFeed::isRunning) || feeds.isEmpty();
    }

    @Override
    public String toString() {
        return "LiveHub" + byDestination.keySet().stream().collect(Collectors.joining(", ", "[", "]"));
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }

}
