package com.example.shop.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shop's admin, under {@code shop.admin} (so also {@code SHOP_ADMIN_USERNAME} and
 * {@code SHOP_ADMIN_PASSWORD}). There is deliberately no default password: without one, a random
 * password is generated at start-up and logged once.
 */
@ConfigurationProperties("shop.admin")
public record AdminProperties(@DefaultValue("admin") String username, @Nullable String password) {
}
