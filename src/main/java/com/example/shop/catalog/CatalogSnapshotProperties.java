package com.example.shop.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the read side keeps in memory, under {@code shop.catalog.snapshot}.
 *
 * @param maxShirts the largest catalog kept in memory (about 1 KB a shirt); a larger one is read
 *        from the database on every request, as if nothing were kept. 0 keeps nothing.
 * @param answerCacheSize the most bytes of rendered {@code GET /shirts} answers kept for the
 *        current seq; 0 renders every answer anew
 * @param sortedLists the most filtered and sorted lists kept for the current seq, each at most
 *        {@code maxShirts} references: another page of a list already sorted is cut from it, not
 *        sorted again; 0 sorts for every request
 */
@ConfigurationProperties("shop.catalog.snapshot")
public record CatalogSnapshotProperties(
        @DefaultValue("10000") int maxShirts,
        @DefaultValue("4MB") DataSize answerCacheSize,
        @DefaultValue("64") int sortedLists) {
}
