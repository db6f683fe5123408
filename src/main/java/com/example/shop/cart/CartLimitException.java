package com.example.shop.cart;

/**
 * A cart change would pass one of the limits against holding stock in carts; nothing was changed.
 *
 * @see CartProperties
 */
public class CartLimitException extends RuntimeException {

    /** The setting that sets the limit, as {@code shop.cart.max-units}. */
    private final String limit;

    private final int max;

    public CartLimitException(String limit, int max, String message) {
        super(message);
        this.limit = limit;
        this.max = max;
    }

    public String limit() {
        return limit;
    }

    public int max() {
        return max;
    }

}
