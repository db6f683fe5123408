package com.example.shop.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The one representation of a shirt, on every channel: {@code GET /shirts/{id}}, the items of
 * {@code GET /shirts}, and the {@code shirt} of every STOMP and SSE message.
 */
@Schema(name = "Shirt", description = "A shirt of the catalog")
public record ShirtView(
        @Schema(example = "1") long id,
        @Schema(example = "Basic") String name,
        @Schema(example = "white") String color,
        @Schema(example = "[\"S\", \"M\", \"L\"]", description = "Offered sizes, smallest first") SortedSet<Size> sizes,
        @Schema(example = "19.99") BigDecimal price,
        @Schema(example = "EUR", description = "ISO 4217 code of the shop's currency") String currency,
        @Schema(example = "Soft cotton, everyday fit") @Nullable String description,
        Instant createdAt,
        Instant updatedAt,
        @Schema(description = "Increases with every change; the ETag is this number in quotes") long version) {

    public ShirtView {
        sizes = new TreeSet<>(sizes);
    }

    static ShirtView of(Shirt shirt, String currency) {
        return new ShirtView(shirt.getId() == null ? 0 : shirt.getId(), shirt.getName(), shirt.getColor(),
                new TreeSet<>(shirt.getSizes()), shirt.getPrice(), currency, shirt.getDescription(),
                shirt.getCreatedAt(), shirt.getUpdatedAt(), shirt.getVersion());
    }

    /** The strong entity tag of this representation, as sent in {@code ETag}. */
    public String etag() {
        return "\"" + version + "\"";
    }

}
