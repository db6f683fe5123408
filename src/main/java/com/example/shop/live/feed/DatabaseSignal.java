package com.example.shop.live.feed;

/**
 * A signal between the shops on one database, on a channel of its own ({@code NOTIFY} and
 * {@code LISTEN} on PostgreSQL; on the embedded database there is one shop and nothing to tell).
 * A bean of this type is listened to on the shop's one listening connection, beside the catalog's
 * own signal. A signal is a hint, not the data: its receiver reads what changed from the database,
 * so a lost or merged signal costs only latency.
 */
public interface DatabaseSignal {

    /** The channel's name: a plain SQL identifier, unique among the shop's signals. */
    String channel();

    /** A signal arrived, sent by any shop (this one included) with {@code payload}. */
    void received(String payload);

    /**
     * The listening connection was (re)opened: signals sent meanwhile may be lost, so whatever
     * they would have told is to be read again.
     */
    default void reconnected() {
    }

    /** Sends signals; each is delivered when, and only if, the caller's transaction commits. */
    interface Sender {

        /**
         * Sends {@code payload} on {@code channel} in the caller's transaction, on its connection.
         * Does nothing on a database without signals.
         */
        void send(String channel, String payload);

    }

}
