package com.example.shop.ordering;

/** No order with this id, or none the asker may see: the two are told apart to nobody. */
public class OrderNotFoundException extends RuntimeException {

    private final String orderId;

    public OrderNotFoundException(String orderId) {
        super("No order " + orderId);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }

}
