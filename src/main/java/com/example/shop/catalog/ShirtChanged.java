package com.example.shop.catalog;

import java.time.Instant;

/**
 * A committed change to the catalog, numbered by {@code seq}. The same record is the application
 * event published by {@link Catalog}, the body of each message on {@code /topic/shirts}, each
 * {@code data:} of {@code /shirts/stream}, and each item of {@code /shirts/events}.
 *
 * @param type one of {@link #CREATED}, {@link #UPDATED}, {@link #DELETED}
 * @param seq the catalog sequence number: strictly increasing in commit order, without gaps
 * @param occurredAt when the change was made
 * @param shirt the shirt after the change; for a deletion, the shirt as it was when deleted
 */
public record ShirtChanged(
        String type,
        long seq,
        Instant occurredAt,
        ShirtView shirt) {

    public static final String CREATED = "shirt.created";

    public static final String UPDATED = "shirt.updated";

    public static final String DELETED = "shirt.deleted";

}
