package com.example.shop.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shop's admin, under {@code shop.admin} (so also {@code SHOP_ADMIN_USERNAME} and
 * {@code SHOP_ADMIN_PASSWORD}). There is deliberately no default password: without one, a random
 * password is generated at start-up and logged once.
 *
 * @param username the one account that may write
 * @param password its password
 * @param maxFailedLogins failed logins from one client address, within {@code lockout}, after which
 * that address may not try again until {@code lockout} has passed
 * @param lockout how long failed logins are counted, and how long an address that had too many is
 * refused
 */
@ConfigurationProperties("shop.admin")
public record AdminProperties(@DefaultValue("admin") String username, @Nullable String password,
        @DefaultValue("10") int maxFailedLogins, @DefaultValue("15m") Duration lockout) {
}
