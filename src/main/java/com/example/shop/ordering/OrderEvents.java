package com.example.shop.ordering;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The order-events log: every order placed and every change of status, appended in the
 * transaction that makes it, so an entry exists exactly when its change committed.
 * <p>
 * Like the catalog's change log: a writer locks the one {@code order_sequence} row first, so seqs
 * are given out in commit order, without gaps, across every shop on one database, and a reader that
 * follows the log from a seq misses nothing and repeats nothing. The owner's own seq is counted
 * under the same lock. The lock is taken last in a change (after the stock rows), so that it is
 * held only for the insert and the commit.
 * <p>
 * The log has its own epoch ({@code order_sequence.epoch}), made with the database: a seq names an
 * entry only within it.
 * <p>
 * Events older than {@code shop.orders.events-retention} are pruned ({@link #prune}), oldest first,
 * so what is kept is always a tail of the log, and of each owner's entries: a reader that asks for
 * what follows a pruned seq finds that the first entry it gets does not follow it. The log's latest
 * event is always kept, and each owner's last seq is kept apart from the events
 * ({@code order_owner_sequence}, for good), so neither seq starts again after a prune. The orders
 * themselves are never pruned.
 */
@Component
@Transactional(readOnly = true)
public class OrderEvents {

    /**
     * The most events one transaction of a prune deletes: a prune holds the log's lock, so orders
     * placed meanwhile wait for at most one such batch, however much there is to delete.
     */
    static final int PRUNE_BATCH = 1000;

    private static final Logger log = LoggerFactory.getLogger(OrderEvents.class);

    private final JdbcClient jdbc;

    private final JsonMapper json;

    private final ApplicationEventPublisher events;

    private final Clock clock;

    private final OrderProperties properties;

    private final TransactionTemplate transactions;

    private volatile String epoch = "";

    OrderEvents(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events, Clock clock, OrderProperties properties,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Appends an entry in the caller's transaction and publishes it there, as {@link OrderChanged}. */
    @Transactional(propagation = Propagation.MANDATORY)
    OrderChanged append(String type, String owner, Order order, Instant now) {
        long seq = lockSequence() + 1;
        // Under the log's lock, so no other writer counts for this owner meanwhile.
        Optional<Long> ownerLast = lastSeqOf(owner);
        // The larger of the kept counter and the owner's latest event: a shop of the version before
        // order_owner_sequence, on the same database while shops are upgraded one by one, counts
        // from the events alone and does not write the counter.
        long ownerSeq = Math.max(ownerLast.orElse(0L), jdbc.sql("SELECT COALESCE(MAX(owner_seq), 0) FROM order_event WHERE owner = :owner")
            .param("owner", owner).query(Long.class).single()) + 1;
        jdbc.sql(ownerLast.isPresent() ? "UPDATE order_owner_sequence SET last_seq = :seq WHERE owner = :owner"
                : "INSERT INTO order_owner_sequence (owner, last_seq) VALUES (:owner, :seq)")
            .param("owner", owner).param("seq", ownerSeq).update();
        jdbc.sql("""
                INSERT INTO order_event (seq, owner, owner_seq, type, order_id, occurred_at, payload)
                VALUES (:seq, :owner, :ownerSeq, :type, :orderId, :at, :payload)""")
            .param("seq", seq).param("owner", owner).param("ownerSeq", ownerSeq).param("type", type)
            .param("orderId", order.id()).param("at", now.atOffset(ZoneOffset.UTC))
            .param("payload", json.writeValueAsString(order)).update();
        jdbc.sql("UPDATE order_sequence SET last_seq = :seq WHERE id = 1").param("seq", seq).update();
        OrderChanged changed = new OrderChanged(type, seq, owner, ownerSeq, now, order);
        events.publishEvent(changed);
        return changed;
    }

    /** Locks the log's one sequence row, in the caller's transaction, and answers its last seq. */
    private long lockSequence() {
        return jdbc.sql("SELECT last_seq FROM order_sequence WHERE id = 1 FOR UPDATE").query(Long.class).optional()
            .orElseThrow(() -> new CannotAcquireLockException("The order sequence could not be locked"));
    }

    /** The log's epoch: a random id made with the database. Read once; it does not change while the database is the same. */
    public String epoch() {
        String known = epoch;
        if (known.isEmpty()) {
            known = jdbc.sql("SELECT epoch FROM order_sequence WHERE id = 1").query(String.class).single();
            epoch = known;
        }
        return known;
    }

    /** The latest seq of the whole log. */
    public long latestSeq() {
        return jdbc.sql("SELECT last_seq FROM order_sequence WHERE id = 1").query(Long.class).single();
    }

    /** The latest seq of {@code owner}'s own entries, pruned or not; 0 if they never had one. */
    public long latestSeqOf(String owner) {
        return lastSeqOf(owner).orElse(0L);
    }

    private Optional<Long> lastSeqOf(String owner) {
        return jdbc.sql("SELECT last_seq FROM order_owner_sequence WHERE owner = :owner")
            .param("owner", owner).query(Long.class).optional();
    }

    /**
     * At most {@code limit} entries after {@code seq}, oldest first: those that are kept. When the
     * first is not {@code seq + 1}, the ones before it were pruned.
     */
    public List<OrderChanged> after(long seq, int limit) {
        return jdbc.sql("SELECT seq, owner, owner_seq, type, occurred_at, payload FROM order_event "
                + "WHERE seq > :seq ORDER BY seq LIMIT :limit")
            .param("seq", seq).param("limit", limit).query(this::read).list();
    }

    /**
     * At most {@code limit} of {@code owner}'s entries after their own seq {@code ownerSeq}, oldest
     * first: those that are kept, as for {@link #after}.
     */
    public List<OrderChanged> afterOf(String owner, long ownerSeq, int limit) {
        return jdbc.sql("SELECT seq, owner, owner_seq, type, occurred_at, payload FROM order_event "
                + "WHERE owner = :owner AND owner_seq > :ownerSeq ORDER BY owner_seq LIMIT :limit")
            .param("owner", owner).param("ownerSeq", ownerSeq).param("limit", limit).query(this::read).list();
    }

    /**
     * Forgets the events older than {@code shop.orders.events-retention}; run every
     * {@code shop.orders.prune-interval} (see {@link OrderingConfiguration}).
     *
     * @return how many events were deleted
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public int prune() {
        return prune(clock.instant().minus(properties.eventsRetention()));
    }

    /**
     * Forgets the events up to the latest one that occurred before {@code before}, but never the
     * log's latest event. Not every event older than that: each shop stamps with its own clock, so
     * a later seq can carry an earlier time, and deleting by time alone would leave a hole in the
     * log rather than cut its head. Each batch takes the log's lock, so shops that prune at once
     * take turns, and the later one finds nothing left to delete.
     *
     * @return how many events were deleted
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public int prune(Instant before) {
        // Seqs start at 1: 0 is none.
        @Nullable Long upTo = transactions.execute(status -> jdbc.sql("""
                SELECT COALESCE(MAX(seq), 0) FROM order_event
                WHERE occurred_at < :before AND seq < (SELECT last_seq FROM order_sequence WHERE id = 1)""")
            .param("before", before.atOffset(ZoneOffset.UTC)).query(Long.class).single());
        if (upTo == null || upTo == 0) {
            return 0;
        }
        int deleted = 0;
        for (int batch = deleteBatch(upTo); batch > 0; batch = deleteBatch(upTo)) {
            deleted += batch;
        }
        if (deleted > 0) {
            log.info("Pruned {} order events, up to seq {}", deleted, upTo);
        }
        return deleted;
    }

    /** Deletes at most {@link #PRUNE_BATCH} of the oldest events up to {@code upTo}, under the log's lock. */
    private int deleteBatch(long upTo) {
        Integer deleted = transactions.execute(status -> {
            lockSequence();
            long oldest = jdbc.sql("SELECT COALESCE(MIN(seq), 0) FROM order_event").query(Long.class).single();
            if (oldest == 0 || oldest > upTo) {
                return 0;
            }
            // What is kept is a tail of the log, without gaps: this range holds at most a batch.
            return jdbc.sql("DELETE FROM order_event WHERE seq <= :last")
                .param("last", Math.min(upTo, oldest + PRUNE_BATCH - 1)).update();
        });
        return deleted == null ? 0 : deleted;
    }

    private OrderChanged read(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new OrderChanged(rs.getString(4), rs.getLong(1), rs.getString(2), rs.getLong(3),
                rs.getObject(5, OffsetDateTime.class).toInstant(), json.readValue(rs.getString(6), Order.class));
    }

}
