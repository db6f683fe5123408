package com.example.shop.catalog.web;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Set;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.Length;
import org.jspecify.annotations.Nullable;

import com.example.shop.catalog.ShirtDetails;
import com.example.shop.catalog.ShirtView;
import com.example.shop.catalog.ShirtSize;
import com.example.shop.web.PlainText;
import com.example.shop.web.ProblemNoun;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a client sends to create or replace a shirt. Read-only fields of the representation
 * ({@code id}, {@code version}, timestamps, {@code currency}) are ignored when present, so a client
 * may send back what it read.
 * <p>
 * Every field a person types is {@link PlainText}: PostgreSQL cannot store the NUL character at all
 * (a 500 where H2 took it), and no control or format character belongs in what the storefront
 * shows; a description alone keeps its tabs and newlines.
 */
@Schema(name = "ShirtRequest", description = "A shirt as sent to create or replace it")
@ProblemNoun("shirt")
record ShirtRequest(
        @Schema(example = "Basic", maxLength = 100)
        @NotBlank @Length(max = 100) @PlainText
        @Nullable String name,

        @Schema(example = "white", description = "A color name: letters, spaces and hyphens, up to 30 characters")
        @NotBlank @PlainText @Pattern(regexp = "[A-Za-z][A-Za-z -]{0,29}", message = "must be a color name of letters, spaces and hyphens, up to 30 characters")
        @Nullable String color,

        @Schema(example = "[\"S\", \"M\", \"L\"]")
        @NotEmpty @Nullable Set<@NotNull ShirtSize> sizes,

        @Schema(example = "19.99", description = "The price in the shop's currency: greater than 0, at most 2 fraction digits")
        @NotNull @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @DecimalMax(value = MAX_PRICE, message = "must be at most " + MAX_PRICE)
        @Digits(integer = 8, fraction = 2, message = "must have at most 8 digits before and 2 after the decimal point") @Nullable BigDecimal price,

        @Schema(example = "Soft cotton, everyday fit", maxLength = 2000)
        @Length(max = 2000) @PlainText(allowLineBreaks = true)
        @Nullable String description) {

    /**
     * The largest price the price column (NUMERIC(10, 2)) holds. {@code @Digits} alone says the
     * same, but Hibernate Validator computes a number's integer digits in an {@code int} that
     * overflows for an exponent like {@code 1e2147483647}, which then passed and failed in the
     * database; {@code @DecimalMax} compares the numbers themselves.
     */
    static final String MAX_PRICE = "99999999.99";

    /** The request as it would be sent to recreate {@code view}; the starting point of a merge patch. */
    static ShirtRequest of(ShirtView view) {
        return new ShirtRequest(view.name(), view.color(), view.sizes(), view.price(), view.description());
    }

    /** Always called on a validated request: the nullable fields are known to be present. */
    @Override
    public String name() {
        return name == null ? "" : name.strip();
    }

    @Override
    public String color() {
        return color == null ? "" : color.strip();
    }

    @Override
    public Set<ShirtSize> sizes() {
        return sizes == null || sizes.isEmpty() ? Set.of() : EnumSet.copyOf(sizes);
    }

    @Override
    public BigDecimal price() {
        return price == null ? BigDecimal.ZERO : price;
    }

    @Override
    public @Nullable String description() {
        return description == null || description.isBlank() ? null : description.strip();
    }

    /** The catalog's command for this request; called on a validated request only. */
    ShirtDetails toDetails() {
        return new ShirtDetails(name(), color(), sizes(), price(), description());
    }

}
