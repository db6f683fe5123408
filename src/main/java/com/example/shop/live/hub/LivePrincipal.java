package com.example.shop.live.hub;

import org.jspecify.annotations.Nullable;

/**
 * Who is at the other end of a live connection, as the shop knew at its handshake: taken once,
 * from the HTTP session the connection was opened with ({@link LivePrincipals}), and kept for the
 * connection's life. A connection opened before a login is not logged in; one whose session ended
 * is closed ({@link LiveHub#closeSession}).
 *
 * @param shopperId the shopper's id (the cart id of the session), or {@code null} for none yet
 * @param admin whether the session was logged in with the role {@code ADMIN}
 * @param sessionId the HTTP session's id, or {@code null} for a connection without a session
 */
public record LivePrincipal(@Nullable String shopperId, boolean admin, @Nullable String sessionId) {

    /** A connection with no session: it may follow public channels only. */
    public static final LivePrincipal ANONYMOUS = new LivePrincipal(null, false, null);

}
