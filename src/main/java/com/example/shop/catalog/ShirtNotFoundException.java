package com.example.shop.catalog;

import org.jspecify.annotations.Nullable;

/**
 * No shirt has the id asked for; or a create retried with its {@code Idempotency-Key} after the
 * shirt it created was deleted, when there is nothing to answer with and creating another would
 * defeat the key ({@link #idempotencyKey()} is then set).
 */
public class ShirtNotFoundException extends RuntimeException {

    private final long shirtId;

    private final @Nullable String idempotencyKey;

    public ShirtNotFoundException(long shirtId) {
        this(shirtId, null);
    }

    private ShirtNotFoundException(long shirtId, @Nullable String idempotencyKey) {
        super(idempotencyKey == null ? "No shirt has the id " + shirtId
                : "The shirt " + shirtId + " created under an Idempotency-Key has been deleted since");
        this.shirtId = shirtId;
        this.idempotencyKey = idempotencyKey;
    }

    public static ShirtNotFoundException deletedSince(String idempotencyKey, long shirtId) {
        return new ShirtNotFoundException(shirtId, idempotencyKey);
    }

    public long shirtId() {
        return shirtId;
    }

    public @Nullable String idempotencyKey() {
        return idempotencyKey;
    }

}
