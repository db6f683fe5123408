package com.example.shop.ordering;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the orders, under {@code shop.orders}.
 *
 * @param eventsRetention how long the order-events log keeps an event; a reader of
 *        {@code /user/queue/orders}, {@code /topic/orders} or {@code /orders/stream} further behind
 *        cannot catch up event by event and is told to read its orders again. The latest event is
 *        always kept, and the orders themselves are never pruned.
 * @param pruneInterval how often events past their retention are deleted
 * <p>
 * Checked at start-up: a negative retention or an interval under a second is refused there, with
 * the property named, rather than pruning everything or failing on the scheduler.
 */
@ConfigurationProperties("shop.orders")
@Validated
public record OrderProperties(
        @DefaultValue("7d") @DurationMin(seconds = 0) Duration eventsRetention,
        @DefaultValue("1h") @DurationMin(seconds = 1) Duration pruneInterval) {
}
