package com.example.shop.catalog;

/** An {@code Idempotency-Key} already used to create a shirt from different details: nothing is created. */
public class IdempotencyKeyReusedException extends RuntimeException {

    private final String key;

    private final long shirtId;

    public IdempotencyKeyReusedException(String key, long shirtId) {
        super("The Idempotency-Key was already used to create shirt " + shirtId + " from different details");
        this.key = key;
        this.shirtId = shirtId;
    }

    public String key() {
        return key;
    }

    public long shirtId() {
        return shirtId;
    }

}
