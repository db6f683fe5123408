package com.example.shop.live.hub;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells who opens a live connection, once, at its handshake (the WebSocket upgrade request, or the
 * request of a Server-Sent Events stream). Must not create a session: a client that follows the
 * catalog needs none. The shop's own ({@link SessionLivePrincipals}) reads the HTTP session; a bean
 * of this type replaces it.
 */
@FunctionalInterface
public interface LivePrincipals {

    LivePrincipal of(HttpServletRequest request);

}
