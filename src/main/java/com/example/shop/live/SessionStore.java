package com.example.shop.live;

import java.util.Collection;
import java.util.Set;

/**
 * The HTTP sessions as the session check sees them: which of many still exist, and keeping those
 * in use from expiring. Many at once, since a shop holds the connections of thousands of sessions
 * and asks every {@code shop.live.session-check}.
 */
interface SessionStore {

    /** Of {@code sessionIds}, those that still exist and have not expired. */
    Set<String> existing(Collection<String> sessionIds);

    /**
     * Marks {@code sessionIds} accessed now, as a request of theirs would, so they do not expire
     * while their live connections are in use. Only sessions that exist and have not expired: one
     * that ended stays ended. Answers how many were renewed.
     */
    int renew(Collection<String> sessionIds);

}
