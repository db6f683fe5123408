package com.example.shop.catalog;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * What a shirt is made of when it is created or replaced: the command {@link Catalog} takes, in
 * the catalog's own terms. Whoever builds it (the REST adapter from a validated request) has
 * checked the rules; here the values are only brought to one form, so that equal shirts compare
 * equal: names trimmed, sizes as a set, a blank description as none.
 */
public record ShirtDetails(String name, String color, Set<ShirtSize> sizes, BigDecimal price, @Nullable String description) {

    public ShirtDetails {
        name = name.strip();
        color = color.strip();
        sizes = sizesOf(sizes);
        description = description == null || description.isBlank() ? null : description.strip();
    }

    /** The details as they are now: the starting point of a change. */
    public static ShirtDetails of(ShirtView shirt) {
        return new ShirtDetails(shirt.name(), shirt.color(), shirt.sizes(), shirt.price(), shirt.description());
    }

    /**
     * A digest of "the same shirt": equal for details that mean the same shirt, whatever the order
     * of sizes or trailing zeros of the price. An {@code Idempotency-Key} remembers it.
     */
    String fingerprint() {
        String canonical = String.join("\u0000", name, color,
                sizes.stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                price.stripTrailingZeros().toPlainString(), String.valueOf(description));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java runtime has SHA-256", ex);
        }
    }

    private static Set<ShirtSize> sizesOf(Collection<ShirtSize> sizes) {
        EnumSet<ShirtSize> set = EnumSet.noneOf(ShirtSize.class);
        set.addAll(sizes);
        return Set.copyOf(set);
    }

}
