package com.example.shop.ordering;

/** An Idempotency-Key this shopper already checked out with, now with another buyer. */
public class CheckoutKeyReusedException extends RuntimeException {

    private final String key;

    private final String orderId;

    public CheckoutKeyReusedException(String key, String orderId) {
        super("Idempotency-Key " + key + " placed order " + orderId);
        this.key = key;
        this.orderId = orderId;
    }

    public String key() {
        return key;
    }

    public String orderId() {
        return orderId;
    }

}
