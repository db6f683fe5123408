package com.example.shop.catalog;

import java.time.Duration;
import java.util.Currency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the catalog, under {@code shop.catalog}.
 *
 * @param currency the ISO 4217 currency every price is in
 * @param eventsRetention how long the change log keeps changes for {@code /shirts/events}; a client
 *        further behind gets 410 Gone and reloads
 * @param eventsPageSize the most changes one {@code /shirts/events} answer holds
 * @param idempotencyRetention how long an {@code Idempotency-Key} is remembered
 */
@ConfigurationProperties("shop.catalog")
public record CatalogProperties(
        @DefaultValue("EUR") Currency currency,
        @DefaultValue("7d") Duration eventsRetention,
        @DefaultValue("100") int eventsPageSize,
        @DefaultValue("24h") Duration idempotencyRetention) {
}
