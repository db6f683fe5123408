package com.example.shop.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import com.example.shop.web.ClientAddress;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Failed logins per client address, so that nobody can guess the admin's password as fast as
 * bcrypt allows. {@code shop.admin.max-failed-logins} failures within {@code shop.admin.lockout}
 * of the first lock the address out for {@code shop.admin.lockout}; a successful login forgets its
 * failures. Counted from Spring Security's authentication events, which HTTP Basic and the login
 * form both publish, with the client address in their details. Addresses are counted by their
 * {@link ClientAddress} key: a whole IPv6 /64 (by default) is one client.
 * <p>
 * Attempts already running when the limit is reached still finish, so a client with many
 * connections in parallel gets as many more guesses as it has requests in flight (Tomcat's threads
 * bound them). Refusing those too would refuse an admin's parallel requests with the right password.
 */
class FailedLogins {

    /**
     * Bounds the memory a client with very many addresses can take. Past it, Caffeine evicts the
     * entries least likely to be used again, so such a client could at worst clear its own count.
     */
    private static final int MAX_ADDRESSES = 100_000;

    /** The failures of one address in its current window, and when that window (or lockout) ends. */
    private record Tally(int failures, long endsAt) {
    }

    private final int maxFailures;

    private final long lockoutNanos;

    private final ClientAddress clientAddress;

    private final Ticker ticker;

    private final Cache<String, Tally> tallies;

    FailedLogins(AdminProperties properties, ClientAddress clientAddress, Ticker ticker) {
        this.maxFailures = Math.max(1, properties.maxFailedLogins());
        this.lockoutNanos = properties.lockout().toNanos();
        this.clientAddress = clientAddress;
        this.ticker = ticker;
        this.tallies = Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(MAX_ADDRESSES)
            .expireAfter(Expiry.<String, Tally>writing((address, tally) -> Duration.ofNanos(Math.max(0, tally.endsAt() - ticker.read()))))
            .build();
    }

    /** How much longer {@code address} is locked out, or null if it may try to log in. */
    @Nullable Duration lockedOut(String address) {
        Tally tally = tallies.getIfPresent(clientAddress.key(address));
        if (tally == null || tally.failures() < maxFailures) {
            return null;
        }
        long left = tally.endsAt() - ticker.read();
        return left > 0 ? Duration.ofNanos(left) : null;
    }

    void failed(String address) {
        tallies.asMap().compute(clientAddress.key(address), (key, tally) -> {
            long now = ticker.read();
            if (tally == null) {
                return new Tally(1, now + lockoutNanos);
            }
            int failures = tally.failures() + 1;
            // The failure that reaches the limit starts the lockout, for its full length.
            return new Tally(failures, failures >= maxFailures ? now + lockoutNanos : tally.endsAt());
        });
    }

    void succeeded(String address) {
        tallies.invalidate(clientAddress.key(address));
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        String address = address(event.getAuthentication());
        if (address != null) {
            failed(address);
        }
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        String address = address(event.getAuthentication());
        if (address != null) {
            succeeded(address);
        }
    }

    /** The client address Spring Security recorded with the attempt: the request's remote address. */
    private static @Nullable String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
    }

}
