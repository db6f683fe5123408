package com.example.shop.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The one representation of a shirt, on every channel: {@code GET /shirts/{id}}, the items of
 * {@code GET /shirts}, and the {@code shirt} of every STOMP and SSE message. How it is described
 * in the API document is in {@code catalog.web} ({@code ShirtSchema}).
 *
 * @param sizes the offered sizes, smallest first
 * @param currency the ISO 4217 code of the shop's currency
 * @param version increases with every change
 */
public record ShirtView(
        long id,
        String name,
        String color,
        SortedSet<ShirtSize> sizes,
        BigDecimal price,
        String currency,
        @Nullable String description,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public ShirtView {
        sizes = new TreeSet<>(sizes);
    }

    static ShirtView of(Shirt shirt, String currency) {
        return new ShirtView(shirt.getId() == null ? 0 : shirt.getId(), shirt.getName(), shirt.getColor(),
                new TreeSet<>(shirt.getSizes()), shirt.getPrice(), currency, shirt.getDescription(),
                shirt.getCreatedAt(), shirt.getUpdatedAt(), shirt.getVersion());
    }

}
