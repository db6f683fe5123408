package com.example.shop.live;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;

import com.example.shop.live.hub.LiveHub;

/**
 * Every {@code shop.live.session-check}, keeps alive the HTTP sessions whose live connections are
 * in use, and closes the live connections whose HTTP session ended.
 * <p>
 * A live connection is bound to the session it was opened with; when that session is gone from the
 * session store (a logout, an expiry, on any shop of the database, or a login, which gives the
 * session a new id) the connection has no one behind it any more, and a connection opened before
 * a login must not go on as if it had the rights of after. The store is asked, since it alone knows
 * of expiries and of other shops' logouts; a session that is there again later makes no
 * difference, the connection is closed once.
 * <p>
 * A tab that only follows its cart or order over a live connection sends no HTTP request, so
 * nothing would mark its session accessed, and it would expire under the shopper's eyes. Spring
 * Session's WebSocket support touches the session on each incoming message, for its own STOMP
 * broker; the shop's endpoint is its own, so this check does the equivalent: the sessions with a
 * connection whose client was heard from since the previous check (a STOMP frame or heart-beat; an
 * SSE stream while it is open) are marked accessed now.
 * <p>
 * Both take one statement per thousand sessions on the shop's tables ({@link JdbcSessionStore}),
 * and one look-up per session with any other {@link SessionRepository} ({@link RepositorySessionStore}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionCheckProperties.class)
class LiveSessionCheck {

    private static final Logger log = LoggerFactory.getLogger(LiveSessionCheck.class);

    @Bean
    SessionStore liveSessionStore(SessionRepository<? extends Session> sessions,
            ObjectProvider<JdbcSessionProperties> jdbcProperties,
            @SpringSessionDataSource ObjectProvider<DataSource> sessionDataSource, ObjectProvider<DataSource> dataSource) {
        if (sessions instanceof JdbcIndexedSessionRepository) {
            // The table and the data source Spring Session JDBC uses, chosen as it chooses them.
            String table = jdbcProperties.stream().map(JdbcSessionProperties::getTableName).findFirst()
                .orElse(JdbcIndexedSessionRepository.DEFAULT_TABLE_NAME);
            return new JdbcSessionStore(JdbcClient.create(sessionDataSource.getIfAvailable(dataSource::getObject)), table);
        }
        return new RepositorySessionStore(sessions);
    }

    @Bean
    SchedulingConfigurer liveSessionChecks(ObjectProvider<LiveHub> hub, SessionStore sessions,
            SessionCheckProperties properties) {
        Duration interval = properties.sessionCheck();
        Checks checks = new Checks(sessions, interval);
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(() -> hub.ifAvailable(checks::check), interval, interval));
    }

    /** The checks of one shop, each knowing when the previous one ran. */
    static final class Checks {

        private final SessionStore sessions;

        private long previous;

        Checks(SessionStore sessions, Duration interval) {
            this.sessions = sessions;
            this.previous = System.nanoTime() - interval.toNanos();
        }

        /** One check; answers how many connections it closed. */
        synchronized int check(LiveHub hub) {
            long now = System.nanoTime();
            int closed = LiveSessionCheck.check(hub, sessions, previous);
            previous = now;
            return closed;
        }

    }

    /**
     * Closes the connections whose session ended, and renews the sessions of the connections heard
     * from at {@code heardSince} ({@link System#nanoTime}) or later; answers how many it closed.
     */
    static int check(LiveHub hub, SessionStore sessions, long heardSince) {
        Set<String> open = hub.sessionIds();
        if (open.isEmpty()) {
            return 0;
        }
        Set<String> existing;
        try {
            existing = sessions.existing(open);
        }
        catch (RuntimeException ex) {
            // The store away: nothing is known to have ended; the next check asks again.
            log.warn("Could not check the sessions of live connections: {}", ex.getMessage());
            return 0;
        }
        // Apart: a renewal that fails (a lock wait on a busy table) must not keep the connections of
        // ended sessions open; it is tried again at the next check, well within the session timeout.
        try {
            Set<String> inUse = new HashSet<>(hub.sessionIdsHeardFromSince(heardSince));
            inUse.retainAll(existing);
            if (!inUse.isEmpty()) {
                sessions.renew(inUse);
            }
        }
        catch (RuntimeException ex) {
            log.warn("Could not renew the sessions of live connections: {}", ex.getMessage());
        }
        int closed = 0;
        for (String sessionId : open) {
            if (!existing.contains(sessionId)) {
                closed += hub.closeSession(sessionId);
            }
        }
        if (closed > 0) {
            log.debug("Closed {} live connections whose session ended", closed);
        }
        return closed;
    }

}
