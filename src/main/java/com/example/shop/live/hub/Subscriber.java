package com.example.shop.live.hub;

/**
 * One follower of one channel, as a transport implements it: a STOMP subscription, an SSE stream.
 * Called by the hub from the thread that delivers (a feed thread, a publishing thread), so it must
 * not block: it frames the message and queues it on its connection's way out.
 */
public interface Subscriber {

    /** The next message for this subscriber. */
    void send(Prepared message);

    /**
     * The entries owed to this subscriber cannot be replayed (no longer kept, ahead of the log,
     * another epoch, too many): it must reload its state at {@code seq} of {@code epoch}.
     */
    void reload(LiveChannel.Log channel, long seq, String epoch, String why);

    /** Whether it still wants messages; a closed subscriber is dropped. */
    boolean isOpen();

    /**
     * Whether its way out has room for more of a replay: a replay goes only as fast as the client
     * takes it. Live messages are sent regardless (the way out's own limits apply).
     */
    default boolean canTakeMore() {
        return true;
    }

}
