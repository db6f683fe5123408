package com.example.shop.ordering;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the orders, under {@code shop.orders}.
 *
 * @param eventsRetention how long the order-events log keeps an event; a reader of
 *        {@code /user/queue/orders}, {@code /topic/orders} or {@code /orders/stream} further behind
 *        cannot catch up event by event and is told to read its orders again. The latest event is
 *        always kept, and the orders themselves are never pruned.
 * @param pruneInterval how often events past their retention are deleted
 */
@ConfigurationProperties("shop.orders")
public record OrderProperties(
        @DefaultValue("7d") Duration eventsRetention,
        @DefaultValue("1h") Duration pruneInterval) {
}
