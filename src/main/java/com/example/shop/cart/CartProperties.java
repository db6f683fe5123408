package com.example.shop.cart;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of carts, under {@code shop.cart}.
 *
 * @param hold how long a cart's lines hold their units after the cart last changed
 * @param releaseInterval how often expired holds are looked for and released
 * @param maxQuantity the most units one line may have
 * @param maxUnits the most units one cart may have, all lines together
 * @param maxHoldingCartsPerAddress the most carts that may hold stock at once from one client
 *        address: against bots that open session after session to hold all the stock
 * @param keepUnheld how long a cart whose holds were released is kept, unchanged, before it is
 *        deleted with its lines; a cart with no lines is deleted at the next release
 * @param maxNewSessionsPerAddressPerMinute the most sessions one client address may start a
 *        minute: each is kept by the shop until it times out, and an anonymous shopper gets one
 *        with the first add to a cart; past it, 429 with {@code Retry-After}
 */
@ConfigurationProperties("shop.cart")
public record CartProperties(
        @DefaultValue("15m") Duration hold,
        @DefaultValue("1s") Duration releaseInterval,
        @DefaultValue("10") int maxQuantity,
        @DefaultValue("20") int maxUnits,
        @DefaultValue("10") int maxHoldingCartsPerAddress,
        @DefaultValue("24h") Duration keepUnheld,
        @DefaultValue("60") int maxNewSessionsPerAddressPerMinute) {
}
