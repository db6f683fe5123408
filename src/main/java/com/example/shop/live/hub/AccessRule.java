package com.example.shop.live.hub;

/**
 * Who may follow a channel, asked once per SUBSCRIBE (or stream) with the connection's principal:
 * the only place the live core decides access.
 */
@FunctionalInterface
public interface AccessRule {

    Access check(LivePrincipal principal);

    /** A public channel: everyone follows the whole of it. */
    static AccessRule everyone() {
        return principal -> Access.all();
    }

    /** The whole channel, for a session logged in as admin only. */
    static AccessRule admin(String refusal) {
        return principal -> principal.admin() ? Access.all() : Access.refuse(refusal);
    }

    /** Each shopper their own stream, keyed by shopper id; refused without one. */
    static AccessRule ownShopper(String refusal) {
        return principal -> {
            String shopper = principal.shopperId();
            return shopper == null ? Access.refuse(refusal) : Access.key(shopper);
        };
    }

}
