package com.example.shop.catalog;

import java.time.Duration;
import java.util.Currency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the catalog, under {@code shop.catalog}.
 *
 * @param currency the ISO 4217 currency every price is in
 * @param eventsRetention how long the change log keeps changes; a reader further behind cannot catch
 *        up change by change ({@link HistoryGoneException}) and starts over from the current catalog
 * @param eventsPageSize the most changes one read of the change log returns
 *        ({@link Catalog#changesAfter})
 * @param idempotencyRetention how long an idempotency key is remembered
 * @param pruneInterval how often changes and idempotency keys past their retention are deleted
 */
@ConfigurationProperties("shop.catalog")
public record CatalogProperties(
        @DefaultValue("EUR") Currency currency,
        @DefaultValue("7d") Duration eventsRetention,
        @DefaultValue("100") int eventsPageSize,
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("1h") Duration pruneInterval) {
}
