package com.example.shop.cart.web;

import java.math.BigDecimal;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import com.example.shop.web.ProblemNoun;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code PUT /cart/items/{shirtId}/{size}}. Any other member (a price) is ignored. */
@ProblemNoun("cart line")
@Schema(name = "CartLine")
record CartLineRequest(
        @Schema(description = "Units wanted, 0 (remove the line) to shop.cart.max-quantity (10 by default)", example = "2")
        // A decimal, checked to be whole: bound to an Integer, Jackson would read 1.5 as 1.
        @NotNull @Digits(integer = 9, fraction = 0, message = "must be a whole number") @Nullable BigDecimal quantity) {
}
