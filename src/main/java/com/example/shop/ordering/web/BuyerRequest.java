package com.example.shop.ordering.web;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import com.example.shop.ordering.Buyer;
import com.example.shop.web.PlainText;
import com.example.shop.web.ProblemNoun;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /orders}: who buys. The cart says what. */
@ProblemNoun("order")
@Schema(name = "Checkout")
record BuyerRequest(
        @Schema(example = "Ada Lovelace") @NotBlank @Size(max = 100) @PlainText @Nullable String name,
        @Schema(example = "ada@example.com") @NotBlank @Email @Size(max = 254) @PlainText @Nullable String email,
        @Schema(description = "Where to deliver, on one line", example = "12 St James's Square, London SW1Y 4JH")
        @NotBlank @Size(max = 500) @PlainText @Nullable String address) {

    Buyer toBuyer() {
        return new Buyer(String.valueOf(name).strip(), String.valueOf(email).strip(), String.valueOf(address).strip());
    }

}
