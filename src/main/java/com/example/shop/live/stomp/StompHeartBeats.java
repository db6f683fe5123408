package com.example.shop.live.stomp;

import java.time.Duration;

/**
 * When the shop's heart-beat to a connection falls due, from the CONNECT's {@code heart-beat}.
 * STOMP 1.2: the server sends something at least every max(its value, the client's second value),
 * if neither is 0. The outbound sweep ({@code Connections#tick}) runs every {@link #period()}, so
 * it looks one period early. A connection that receives changes more often needs none.
 */
public record StompHeartBeats(long serverMillis) {

    private static final long MAX_INTERVAL_MILLIS = Duration.ofDays(1).toMillis();

    /** How long a connection may go without a frame before it is sent a heart-beat; zero, never. */
    public Duration dueAfter(long clientWantsMillis) {
        if (clientWantsMillis <= 0 || serverMillis <= 0) {
            return Duration.ZERO;
        }
        // At most a day: a client may ask for any number.
        Duration interval = Duration.ofMillis(Math.min(Math.max(clientWantsMillis, serverMillis), MAX_INTERVAL_MILLIS));
        Duration early = interval.minus(period());
        return early.compareTo(period()) > 0 ? early : period();
    }

    /** How often heart-beats are looked at: a tenth of the interval, every second at most. */
    public Duration period() {
        return Duration.ofMillis(Math.max(50, Math.min(1000, serverMillis / 10)));
    }

}
