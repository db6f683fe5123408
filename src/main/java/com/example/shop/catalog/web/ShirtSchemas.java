package com.example.shop.catalog.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SortedSet;

import org.jspecify.annotations.Nullable;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

import com.example.shop.catalog.ShirtChanged;
import com.example.shop.catalog.ShirtView;
import com.example.shop.catalog.ShirtSize;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How the catalog's records are described in the API document. {@link ShirtView} and
 * {@link ShirtChanged} belong to the domain and carry no OpenAPI annotations; springdoc documents
 * them through these records instead, which have the same components and only exist for that.
 */
@Configuration(proxyBeanMethods = false)
class ShirtSchemas {

    static {
        SpringDocUtils.getConfig()
            .replaceWithClass(ShirtView.class, Shirt.class)
            .replaceWithClass(ShirtChanged.class, Change.class);
    }

    @Schema(name = "Shirt", description = "A shirt of the catalog")
    record Shirt(
            @Schema(example = "1") long id,
            @Schema(example = "Basic") String name,
            @Schema(example = "white") String color,
            @Schema(example = "[\"S\", \"M\", \"L\"]", description = "Offered sizes, smallest first") SortedSet<ShirtSize> sizes,
            @Schema(example = "19.99") BigDecimal price,
            @Schema(example = "EUR", description = "ISO 4217 code of the shop's currency") String currency,
            @Schema(example = "Soft cotton, everyday fit") @Nullable String description,
            Instant createdAt,
            Instant updatedAt,
            @Schema(description = "Increases with every change; the ETag is this number in quotes") long version) {
    }

    @Schema(name = "ShirtChanged", description = "A committed change to the catalog")
    record Change(
            @Schema(allowableValues = { ShirtChanged.CREATED, ShirtChanged.UPDATED, ShirtChanged.DELETED }) String type,
            @Schema(example = "42") long seq,
            Instant occurredAt,
            Shirt shirt) {
    }

}
