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
 */
@ConfigurationProperties("shop.cart")
public record CartProperties(
        @DefaultValue("15m") Duration hold,
        @DefaultValue("1s") Duration releaseInterval,
        @DefaultValue("10") int maxQuantity,
        @DefaultValue("20") int maxUnits,
        @DefaultValue("10") int maxHoldingCartsPerAddress) {
}
