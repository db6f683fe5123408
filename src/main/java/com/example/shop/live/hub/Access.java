package com.example.shop.live.hub;

import org.jspecify.annotations.Nullable;

/**
 * What a channel's {@link AccessRule} answers for a principal: the stream it may follow, or why not.
 */
public sealed interface Access {

    /** Everyone's stream: every message of the channel. */
    static Access all() {
        return Granted.ALL;
    }

    /**
     * The stream of {@code key} only: of a log channel, the entries with that key, resumed by their
     * key seq; of a state channel, the state published for that key.
     */
    static Access key(String key) {
        return new Granted(key);
    }

    /** Refused: the client gets an ERROR frame (STOMP) or a 403 (SSE) with this message. */
    static Access refuse(String message) {
        return new Refused(message);
    }

    /** @param key the stream's key, {@code null} for the whole channel */
    record Granted(@Nullable String key) implements Access {

        static final Granted ALL = new Granted(null);

    }

    record Refused(String message) implements Access {
    }

}
