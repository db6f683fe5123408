package com.example.shop.ordering;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

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
 */
@Component
@Transactional(readOnly = true)
public class OrderEvents {

    private final JdbcClient jdbc;

    private final JsonMapper json;

    private final ApplicationEventPublisher events;

    private volatile String epoch = "";

    OrderEvents(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    /** Appends an entry in the caller's transaction and publishes it there, as {@link OrderChanged}. */
    @Transactional(propagation = Propagation.MANDATORY)
    OrderChanged append(String type, String owner, Order order, Instant now) {
        Long last = jdbc.sql("SELECT last_seq FROM order_sequence WHERE id = 1 FOR UPDATE").query(Long.class).optional()
            .orElseThrow(() -> new CannotAcquireLockException("The order sequence could not be locked"));
        long seq = last + 1;
        long ownerSeq = jdbc.sql("SELECT COALESCE(MAX(owner_seq), 0) FROM order_event WHERE owner = :owner")
            .param("owner", owner).query(Long.class).single() + 1;
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

    /** The latest seq of {@code owner}'s own entries; 0 if they have none. */
    public long latestSeqOf(String owner) {
        return jdbc.sql("SELECT COALESCE(MAX(owner_seq), 0) FROM order_event WHERE owner = :owner")
            .param("owner", owner).query(Long.class).single();
    }

    /** At most {@code limit} entries after {@code seq}, oldest first. */
    public List<OrderChanged> after(long seq, int limit) {
        return jdbc.sql("SELECT seq, owner, owner_seq, type, occurred_at, payload FROM order_event "
                + "WHERE seq > :seq ORDER BY seq LIMIT :limit")
            .param("seq", seq).param("limit", limit).query(this::read).list();
    }

    /** At most {@code limit} of {@code owner}'s entries after their own seq {@code ownerSeq}, oldest first. */
    public List<OrderChanged> afterOf(String owner, long ownerSeq, int limit) {
        return jdbc.sql("SELECT seq, owner, owner_seq, type, occurred_at, payload FROM order_event "
                + "WHERE owner = :owner AND owner_seq > :ownerSeq ORDER BY owner_seq LIMIT :limit")
            .param("owner", owner).param("ownerSeq", ownerSeq).param("limit", limit).query(this::read).list();
    }

    private OrderChanged read(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new OrderChanged(rs.getString(4), rs.getLong(1), rs.getString(2), rs.getLong(3),
                rs.getObject(5, OffsetDateTime.class).toInstant(), json.readValue(rs.getString(6), Order.class));
    }

}
