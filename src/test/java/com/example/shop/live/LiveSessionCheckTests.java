package com.example.shop.live;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import com.example.shop.ShopTest;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipal;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session check against the shop's real session store (Spring Session JDBC on the test
 * database, read and renewed by the shop's {@link SessionStore}): connections of a session that is
 * gone are closed, those of a live session are not, the sessions of connections in use are kept
 * from expiring and no other, and the store is asked once per thousand sessions, not once each.
 */
@ShopTest
class LiveSessionCheckTests {

    /** When a connection's client was last heard from: now, or long before the previous check. */
    static final LongSupplier NOW = System::nanoTime;

    static final LongSupplier LONG_AGO = () -> System.nanoTime() - Duration.ofHours(1).toNanos();

    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Autowired
    SessionStore store;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    LiveHub newHub() {
        return new LiveHub(List.of(), json, Duration.ofHours(1), Clock.systemUTC());
    }

    /** Heard from since a second ago counts; long ago does not. */
    static int check(LiveHub hub, SessionStore store) {
        return LiveSessionCheck.check(hub, store, System.nanoTime() - Duration.ofSeconds(1).toNanos());
    }

    @Test
    void theShopsTablesAreReadDirectly() {
        assertThat(store).isInstanceOf(JdbcSessionStore.class);
    }

    @Test
    void closesTheConnectionsOfEndedSessionsOnly() {
        LiveHub hub = newHub();
        String live = newSession();
        String ending = newSession();
        AtomicInteger closedLive = new AtomicInteger();
        AtomicInteger closedEnding = new AtomicInteger();
        hub.opened(new LivePrincipal("a", false, live), closer(closedLive));
        hub.opened(new LivePrincipal("b", false, ending), closer(closedEnding));
        hub.opened(new LivePrincipal("b", false, ending), closer(closedEnding));

        assertThat(check(hub, store)).isZero();
        sessions.deleteById(ending);
        assertThat(check(hub, store)).isEqualTo(2);

        assertThat(closedEnding.get()).isEqualTo(2);
        assertThat(closedLive.get()).isZero();
        assertThat(hub.sessionIds()).containsExactly(live);
    }

    @Test
    void ofTwoHundredSessionsClosesExactlyTheThreeDeletedAndTheOneExpired() {
        LiveHub hub = newHub();
        Map<String, AtomicInteger> closed = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = newSession();
            ids.add(id);
            closed.put(id, new AtomicInteger());
            // Not heard from: nothing renews them, so the expired one stays expired.
            hub.opened(new LivePrincipal("s" + i, false, id), closer(closed.get(id)), LONG_AGO);
        }
        List<String> deleted = List.of(ids.get(3), ids.get(97), ids.get(198));
        String expired = ids.get(150);
        deleted.forEach(id -> jdbc.update("DELETE FROM SPRING_SESSION WHERE SESSION_ID = ?", id));
        expire(expired);

        assertThat(check(hub, store)).isEqualTo(4);

        List<String> ended = new ArrayList<>(deleted);
        ended.add(expired);
        closed.forEach((id, times) -> assertThat(times.get()).as(id).isEqualTo(ended.contains(id) ? 1 : 0));
        assertThat(hub.sessionIds()).hasSize(196).doesNotContainAnyElementsOf(ended);
        assertThat(check(hub, store)).isZero();
    }

    @Test
    void asksTheStoreOnceForAThousandSessionsAndNeverLoadsOne() {
        LiveHub hub = newHub();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            String id = newSession();
            ids.add(id);
            hub.opened(new LivePrincipal("s" + i, false, id), () -> { }, i % 2 == 0 ? NOW : LONG_AGO);
        }
        jdbc.update("DELETE FROM SPRING_SESSION WHERE SESSION_ID = ?", ids.get(1234));
        // H2 counts the executions of each statement (its own statistics, no proxy in between).
        jdbc.execute("SET QUERY_STATISTICS TRUE");
        try {
            Map<String, Long> before = statementCounts();
            assertThat(check(hub, store)).isOne();
            Map<String, Long> after = statementCounts();
            // 2,500 sessions: three SELECTs (1,000, 1,000, 500 ids); 1,250 heard from: two UPDATEs.
            assertThat(executions(before, after, "SELECT SESSION_ID FROM SPRING_SESSION WHERE SESSION_ID IN", 500))
                .isEqualTo(3);
            assertThat(executions(before, after, "UPDATE SPRING_SESSION SET LAST_ACCESS_TIME", 250)).isEqualTo(2);
            // Spring Session's look-up of one session (with its attributes) was not used.
            assertThat(executions(before, after, "LEFT JOIN SPRING_SESSION_ATTRIBUTES", 0)).isZero();
        }
        finally {
            jdbc.execute("SET QUERY_STATISTICS FALSE");
        }
    }

    @Test
    void renewsTheSessionsOfConnectionsInUseOnlyAndResurrectsNone() {
        LiveHub hub = newHub();
        String inUse = newSession();
        String idle = newSession();
        String loggedOut = newSession();
        String expired = newSession();
        long longAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        for (String id : List.of(inUse, idle, loggedOut)) {
            jdbc.update("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = ?, EXPIRY_TIME = ? + CAST(MAX_INACTIVE_INTERVAL AS BIGINT) * 1000"
                    + " WHERE SESSION_ID = ?", longAgo, longAgo, id);
        }
        expire(expired);
        hub.opened(new LivePrincipal("a", false, inUse), () -> { }, NOW);
        hub.opened(new LivePrincipal("b", false, idle), () -> { }, LONG_AGO);
        hub.opened(new LivePrincipal("c", false, loggedOut), () -> { }, NOW);
        hub.opened(new LivePrincipal("d", false, expired), () -> { }, NOW);
        sessions.deleteById(loggedOut);

        long checkedAt = System.currentTimeMillis();
        assertThat(check(hub, store)).isEqualTo(2);

        Session renewed = sessions.findById(inUse);
        assertThat(renewed).isNotNull();
        assertThat(renewed.getLastAccessedTime()).isAfterOrEqualTo(Instant.ofEpochMilli(checkedAt));
        assertThat(jdbc.queryForObject("SELECT EXPIRY_TIME FROM SPRING_SESSION WHERE SESSION_ID = ?", Long.class, inUse))
            .isEqualTo(renewed.getLastAccessedTime().plus(renewed.getMaxInactiveInterval()).toEpochMilli());
        assertThat(((Session) sessions.findById(idle)).getLastAccessedTime()).isEqualTo(Instant.ofEpochMilli(longAgo));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID = ?", Integer.class, loggedOut))
            .as("the logged out session did not come back").isZero();
        assertThat(jdbc.queryForObject("SELECT EXPIRY_TIME FROM SPRING_SESSION WHERE SESSION_ID = ?", Long.class, expired))
            .as("the expired session stayed expired").isLessThan(checkedAt);
        assertThat(sessions.findById(expired)).isNull();
        assertThat(hub.sessionIds()).containsExactlyInAnyOrder(inUse, idle);
    }

    @Test
    void anotherStoreIsAskedThroughItsRepositoryWithItsSemantics() {
        MapSessionRepository repository = new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());
        SessionStore other = new RepositorySessionStore(repository);
        MapSession kept = repository.createSession();
        kept.setLastAccessedTime(Instant.now().minus(Duration.ofMinutes(10)));
        repository.save(kept);
        MapSession gone = repository.createSession();
        repository.save(gone);
        MapSession expired = repository.createSession();
        expired.setLastAccessedTime(Instant.now().minus(Duration.ofHours(1)));
        repository.save(expired);
        repository.deleteById(gone.getId());
        LiveHub hub = newHub();
        AtomicInteger closed = new AtomicInteger();
        hub.opened(new LivePrincipal("a", false, kept.getId()), closer(closed), NOW);
        hub.opened(new LivePrincipal("b", false, gone.getId()), closer(closed), NOW);
        hub.opened(new LivePrincipal("c", false, expired.getId()), closer(closed), NOW);

        assertThat(check(hub, other)).isEqualTo(2);

        assertThat(hub.sessionIds()).containsExactly(kept.getId());
        assertThat(repository.findById(kept.getId()).getLastAccessedTime()).isAfter(Instant.now().minusSeconds(60));
        assertThat(repository.findById(gone.getId())).isNull();
    }

    /** A session saved in the store, as a request would leave it; answers its id. */
    private String newSession() {
        var session = sessions.createSession();
        sessions.save(session);
        return ((Session) session).getId();
    }

    /**
     * Expires a session as time would: last accessed longer ago than its interval, and so its expiry
     * time passed (not yet removed by Spring Session's clean-up, which runs once a minute).
     */
    private void expire(String sessionId) {
        long lastAccess = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        jdbc.update("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = ?, EXPIRY_TIME = ? + CAST(MAX_INACTIVE_INTERVAL AS BIGINT) * 1000"
                + " WHERE SESSION_ID = ?", lastAccess, lastAccess, sessionId);
    }

    /** Executions per statement text, from H2's statistics. */
    private Map<String, Long> statementCounts() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS",
                (org.springframework.jdbc.core.RowCallbackHandler) row -> counts.put(row.getString(1), row.getLong(2)));
        return counts;
    }

    /**
     * How many more times statements starting with {@code start}, with more than
     * {@code minParameters} parameters, ran: the shop's own scheduled check, running meanwhile on
     * the few sessions of other tests, has fewer.
     */
    private static long executions(Map<String, Long> before, Map<String, Long> after, String start, int minParameters) {
        return after.entrySet().stream()
            .filter(entry -> entry.getKey().contains(start))
            .filter(entry -> entry.getKey().chars().filter(c -> c == '?').count() > minParameters || minParameters == 0)
            .mapToLong(entry -> entry.getValue() - before.getOrDefault(entry.getKey(), 0L))
            .sum();
    }

    private static Closeable closer(AtomicInteger closed) {
        return closed::incrementAndGet;
    }

}
