package com.example.shop.inventory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.example.shop.catalog.ShirtSize;

/**
 * Follows what is available of every shirt and size, and says what changed.
 * <p>
 * Holds and sales are many and small, and other shops on the same database make them too; rather
 * than announce each from where it happened, every shop reads the (small) table of availability
 * every {@code shop.live.availability-interval} and compares it with what it saw last. That finds
 * every change wherever it was made, costs one read per interval however busy the sale, and
 * coalesces by itself: a size that changed five times within an interval is sent once, with its
 * latest number. A read by a client ({@link #snapshot()}) reads the table too, so a shopper sees
 * their own hold at once; the change it finds goes out with the next message.
 * <p>
 * Each change found gets the next {@code seq}; the {@code epoch} is random per process, since the
 * numbering starts over with it.
 */
@Service
public class Availability {

    private static final Logger log = LoggerFactory.getLogger(Availability.class);

    private static final String AVAILABLE = "SELECT ss.shirt_id, ss.size, COALESCE(s.on_hand - s.held, 0) "
            + "FROM shirt_size ss LEFT JOIN stock s ON s.shirt_id = ss.shirt_id AND s.size = ss.size";

    private final JdbcClient jdbc;

    private final ApplicationEventPublisher events;

    private final long epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

    // Guards the state below; never held while the database is read, so a new live subscriber
    // (on a STOMP inbound thread) never waits for the database, even while it is slow or away.
    private final Object lock = new Object();

    // One read of the table at a time, so a slower, older read never overwrites a newer one.
    private final ReentrantLock reading = new ReentrantLock();

    // Guarded by lock.
    private Map<Long, Map<ShirtSize, Integer>> current = Map.of();

    private long seq;

    private final Map<Long, Map<ShirtSize, Integer>> pending = new TreeMap<>();

    // Whether anyone follows availability live on this shop; nobody, the periodic read is skipped.
    private volatile BooleanSupplier followed = () -> true;

    // A periodic read was skipped since the last read: the last state read may be old.
    private volatile boolean skipped;

    Availability(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** What is available now, read from the database, with the seq and epoch it has here. */
    public AvailabilitySnapshot snapshot() {
        refresh();
        synchronized (lock) {
            return new AvailabilitySnapshot(epoch, seq, current);
        }
    }

    /**
     * What was available at the last read, without reading again: for a new live subscriber, who
     * must not wait for the database. Before the first read it is empty, at seq 0; the first read
     * then brings every shirt as a change.
     */
    public AvailabilitySnapshot lastRead() {
        synchronized (lock) {
            return new AvailabilitySnapshot(epoch, seq, current);
        }
    }

    /**
     * Reads the table every interval only while {@code followed} says someone follows availability
     * live here: a shop whose pages do not show it spends nothing on it (one read per interval, and
     * the garbage of each, was measured against the catalog's fan-out).
     */
    public void readOnlyWhile(BooleanSupplier followed) {
        this.followed = followed;
    }

    /**
     * What was available at the last read, for a new live subscriber; read again first if the
     * periodic reads were skipped meanwhile (nobody followed), so that the first subscriber does not
     * get an old state. Should that read fail, the last state read.
     */
    public AvailabilitySnapshot current() {
        if (skipped) {
            try {
                refresh();
                synchronized (lock) {
                    // Nobody followed: what changed before this read is in it, and told to no one.
                    pending.clear();
                }
            }
            catch (RuntimeException ex) {
                log.warn("Could not read availability: {}", ex.getMessage());
            }
        }
        return lastRead();
    }

    /**
     * Reads the table and publishes what changed since the last message, if anything; called every
     * {@code shop.live.availability-interval} ({@link InventoryConfiguration}).
     */
    void publishChanges() {
        if (!followed.getAsBoolean()) {
            skipped = true;
            synchronized (lock) {
                // Found by a client's read, for nobody live: the next subscriber reads afresh.
                pending.clear();
            }
            return;
        }
        try {
            refresh();
        }
        catch (RuntimeException ex) {
            // The database away: the next interval tries again, and what changed meanwhile is
            // still found then, since the comparison is with the last state read.
            log.warn("Could not read availability: {}", ex.getMessage());
        }
        AvailabilityChanged changed;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
            changed = new AvailabilityChanged(epoch, seq, freeze(pending));
            pending.clear();
        }
        events.publishEvent(changed);
    }

    private void refresh() {
        reading.lock();
        try {
            Map<Long, Map<ShirtSize, Integer>> now = new TreeMap<>();
            jdbc.sql(AVAILABLE).query((rs, n) -> {
                now.computeIfAbsent(rs.getLong(1), id -> new EnumMap<>(ShirtSize.class))
                    .put(ShirtSize.valueOf(rs.getString(2)), Math.max(0, rs.getInt(3)));
                return null;
            }).list();
            synchronized (lock) {
                apply(now);
            }
            skipped = false;
        }
        finally {
            reading.unlock();
        }
    }

    // Guarded by lock.
    private void apply(Map<Long, Map<ShirtSize, Integer>> now) {
        Map<Long, Map<ShirtSize, Integer>> changes = new HashMap<>();
        now.forEach((id, sizes) -> {
            Map<ShirtSize, Integer> before = current.getOrDefault(id, Map.of());
            sizes.forEach((size, units) -> {
                if (!units.equals(before.get(size))) {
                    changes.computeIfAbsent(id, x -> new EnumMap<>(ShirtSize.class)).put(size, units);
                }
            });
        });
        current.forEach((id, sizes) -> sizes.forEach((size, units) -> {
            if (!now.getOrDefault(id, Map.of()).containsKey(size) && units != 0) {
                changes.computeIfAbsent(id, x -> new EnumMap<>(ShirtSize.class)).put(size, 0);
            }
        }));
        if (!now.equals(current)) {
            // Unchanged, the last state stays as it is: most reads find nothing new, and a copy
            // every interval would only feed the collector.
            current = freeze(now);
        }
        if (!changes.isEmpty()) {
            seq++;
            changes.forEach((id, sizes) -> pending.computeIfAbsent(id, x -> new EnumMap<>(ShirtSize.class)).putAll(sizes));
        }
    }

    private static Map<Long, Map<ShirtSize, Integer>> freeze(Map<Long, Map<ShirtSize, Integer>> shirts) {
        Map<Long, Map<ShirtSize, Integer>> copy = new TreeMap<>();
        shirts.forEach((id, sizes) -> copy.put(id, Collections.unmodifiableMap(new EnumMap<>(sizes))));
        return Collections.unmodifiableMap(copy);
    }

}
