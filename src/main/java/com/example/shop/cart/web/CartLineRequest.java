package com.example.shop.cart.web;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import com.example.shop.web.ProblemNoun;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /cart/items/{shirtId}/{size}}. Any other member (a price) is ignored. */
@ProblemNoun("cart line")
@Schema(name = "CartLine")
record CartLineRequest(
        @Schema(description = "Units wanted, 0 (remove the line) to shop.cart.max-quantity (10 by default)", example = "2")
        @NotNull @Nullable Integer quantity) {
}
