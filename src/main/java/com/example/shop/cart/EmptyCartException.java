package com.example.shop.cart;

/** A checkout of a cart with nothing in it. */
public class EmptyCartException extends RuntimeException {

    public EmptyCartException() {
        super("The cart is empty");
    }

}
