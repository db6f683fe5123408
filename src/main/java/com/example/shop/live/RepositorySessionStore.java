package com.example.shop.live;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The sessions through Spring Session's {@link SessionRepository}, one look-up each: for a store
 * other than the shop's tables ({@link JdbcSessionStore}), whose API has no look-up of many. Renewing
 * is what Spring Session's own WebSocket support does on a message: find, touch, save. Not atomic:
 * a session deleted between the find and the save would be saved again, which the shop's own
 * tables ({@link JdbcSessionStore}: one conditional update) cannot do; the shop uses this one only
 * where no such store is configured.
 */
final class RepositorySessionStore implements SessionStore {

    private final SessionRepository<? extends Session> sessions;

    RepositorySessionStore(SessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    @Override
    public Set<String> existing(Collection<String> sessionIds) {
        Set<String> existing = new HashSet<>();
        for (String sessionId : sessionIds) {
            // findById answers null for a session that is gone or expired.
            if (sessions.findById(sessionId) != null) {
                existing.add(sessionId);
            }
        }
        return existing;
    }

    @Override
    public int renew(Collection<String> sessionIds) {
        int renewed = 0;
        for (String sessionId : sessionIds) {
            if (touch(sessions, sessionId)) {
                renewed++;
            }
        }
        return renewed;
    }

    private static <S extends Session> boolean touch(SessionRepository<S> sessions, String sessionId) {
        S session = sessions.findById(sessionId);
        if (session == null) {
            return false;
        }
        session.setLastAccessedTime(Instant.now());
        sessions.save(session);
        return true;
    }

}
