package com.example.shop.cart.web;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The sessions each client address started in its current minute, against
 * {@code shop.cart.max-new-sessions-per-address-per-minute}. A minute starts with an address's
 * first new session; the count is forgotten when it ends. Kept in this shop's memory, like the
 * failed-login lockout: with several shops, a client gets each shop's budget.
 */
final class NewSessions {

    /**
     * Bounds the memory a client with very many addresses can take. Past it, Caffeine evicts the
     * entries least likely to be used again, so such a client could at worst clear its own count.
     */
    private static final int MAX_ADDRESSES = 100_000;

    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    /** The sessions an address started in its minute, and when that minute ends. */
    private record Tally(int started, long endsAt) {
    }

    private final int budget;

    private final Ticker ticker;

    private final Cache<String, Tally> tallies;

    NewSessions(int budget, Ticker ticker) {
        this.budget = budget;
        this.ticker = ticker;
        this.tallies = Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(MAX_ADDRESSES)
            .expireAfter(Expiry.<String, Tally>writing((address, tally) -> Duration.ofNanos(Math.max(0, tally.endsAt() - ticker.read()))))
            .build();
    }

    /**
     * Counts a new session of the client {@code addressKey} if its budget allows one, and answers
     * 0; else answers in how many seconds it may start one again, and counts nothing.
     */
    long tryStart(String addressKey) {
        long[] wait = { 0 };
        tallies.asMap().compute(addressKey, (key, tally) -> {
            long now = ticker.read();
            if (tally == null || tally.endsAt() - now <= 0) {
                return new Tally(1, now + MINUTE);
            }
            if (tally.started() >= budget) {
                wait[0] = Math.max(1, (tally.endsAt() - now + 999_999_999) / 1_000_000_000);
                return tally;
            }
            return new Tally(tally.started() + 1, tally.endsAt());
        });
        return wait[0];
    }

}
