package com.example.shop.cart;

/**
 * A cart changed: a line set, the cart emptied or checked out, its holds released. Published by
 * {@link Carts} in the transaction that makes the change; it names the cart and nothing else, so
 * that whoever shows the cart reads it as committed (and so that a signal to other shops carries
 * no cart content).
 *
 * @param cartId the cart, which is also the shopper's identity ({@link Carts#SESSION_ATTRIBUTE})
 */
public record CartChanged(String cartId) {
}
