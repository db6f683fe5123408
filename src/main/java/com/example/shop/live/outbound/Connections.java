package com.example.shop.live.outbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.slf4j.LoggerFactory;

import com.example.shop.web.RateLimitedLog;

/**
 * The open connections of one transport and their writer pool, and the checks that run on a clock
 * for all of them at once ({@link #tick}): heart-beats to the idle, clients that send nothing, and
 * writes that stall.
 *
 * @see Connection
 */
public final class Connections {

    private final Map<String, Connection> byId = new ConcurrentHashMap<>();

    private final Executor writers;

    private final Settings settings;

    // Clients cause these as often as they stop reading: at most one line per interval.
    private final RateLimitedLog log;

    private final RateLimitedLog slowClientLog;

    /**
     * The limits of one transport's connections.
     *
     * @param sendTimeLimit how long one write may take before the client is disconnected
     * @param bufferSizeLimit how many bytes may wait for one client before it is disconnected
     * @param maxFrames how many frames may wait for one client before it is disconnected
     * @param idleTimeout a client that sent nothing for this long is closed; zero, never
     * @param timeToConnect a client that did not introduce itself within this is closed; zero, never
     * @param writerThreads the writer pool's size: this many clients that stop reading at once
     *        hold the others up, so half of them stalled get the stalled disconnected
     */
    public record Settings(Duration sendTimeLimit, int bufferSizeLimit, int maxFrames, Duration idleTimeout,
            Duration timeToConnect, int writerThreads) {
    }

    public Connections(Executor writers, Settings settings, Duration warnInterval) {
        this.writers = writers;
        this.settings = settings;
        this.log = new RateLimitedLog(LoggerFactory.getLogger(Connections.class), warnInterval);
        this.slowClientLog = new RateLimitedLog(LoggerFactory.getLogger(Connection.class), warnInterval);
    }

    /** A new connection's way out, through {@code sink}; {@code onClose} runs once when it is closed. */
    public Connection open(String id, Connection.Sink sink, Runnable onClose) {
        Connection connection = new Connection(id, sink, writers, settings.sendTimeLimit(), settings.bufferSizeLimit(),
                settings.maxFrames(), slowClientLog, () -> {
                    byId.remove(id);
                    onClose.run();
                });
        byId.put(id, connection);
        return connection;
    }

    public int size() {
        return byId.size();
    }

    /** Runs on the writer pool: for closes that wait for a write. */
    public Executor writers() {
        return writers;
    }

    /** Every connection, closed for {@code reason} (the shop stops). */
    public void closeAll(Connection.Reason reason) {
        byId.values().forEach(connection -> connection.close(reason));
    }

    /**
     * Heart-beats, the idle and the stalled: run every {@link #period()}.
     */
    public void tick() {
        long now = System.nanoTime();
        long idle = settings.idleTimeout().toNanos();
        long connect = settings.timeToConnect().toNanos();
        byId.values().forEach(connection -> {
            Connection.Reason reason = connection.idle(now, idle, connect);
            if (reason != null) {
                log.warn("idle " + reason, "Closing connection {}: {}", connection.id(),
                        reason == Connection.Reason.NO_CONNECT ? "no CONNECT within " + settings.timeToConnect()
                                : "nothing received for " + connection.allowedSilence(settings.idleTimeout()));
                connection.close(reason);
            }
            else {
                connection.sendHeartBeatIfIdle(now);
            }
        });
        disconnectStalled(now);
    }

    /** How often {@link #tick} runs: a few times per the shortest of the intervals it checks, at most every second. */
    public Duration period(Duration heartBeat) {
        long shortest = heartBeat.toMillis();
        for (Duration limit : List.of(settings.idleTimeout(), settings.timeToConnect(), settings.sendTimeLimit())) {
            if (!limit.isZero() && (shortest <= 0 || limit.toMillis() < shortest)) {
                shortest = limit.toMillis();
            }
        }
        return Duration.ofMillis(Math.max(50, Math.min(250, shortest / 4)));
    }

    /**
     * Disconnects the clients whose write has taken longer than a quarter of the send time limit
     * (at most a second), if at least half the writer threads are so held: that many leave too few
     * for everyone else. One slow client alone is left to the send time limit; a write counts only
     * once two looks in a row have seen it under way. Answers how many were disconnected.
     */
    int disconnectStalled(long now) {
        long nanos = Math.min(Duration.ofSeconds(1).toNanos(), settings.sendTimeLimit().toNanos() / 4);
        int saturation = Math.max(1, settings.writerThreads() / 2);
        List<Connection> stalled = new ArrayList<>();
        List<Connection> overLimit = new ArrayList<>();
        byId.values().forEach(connection -> {
            if (connection.isStalledOnTwoLooks(now, nanos)) {
                stalled.add(connection);
            }
        });
        for (Connection connection : stalled) {
            if (connection.isWritingLongerThan(now, settings.sendTimeLimit().toNanos())) {
                overLimit.add(connection);
            }
        }
        List<Connection> toAbort = stalled.size() >= saturation ? stalled : overLimit;
        int disconnected = 0;
        for (Connection connection : toAbort) {
            if (connection.abortStalledWrite()) {
                disconnected++;
            }
        }
        if (disconnected > 0 && stalled.size() >= saturation) {
            log.warn("stalled", "Disconnected {} subscribers that stopped reading while they held {} of the writer threads",
                    disconnected, stalled.size());
        }
        return disconnected;
    }

}
