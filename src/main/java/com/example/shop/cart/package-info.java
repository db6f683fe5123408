/**
 * Carts, one per shopper, kept by the shop. A line holds its units in the stock room
 * ({@link com.example.shop.inventory.Inventory}) for {@code shop.cart.hold}; every change to the
 * cart renews the hold, and {@link com.example.shop.cart.Carts#releaseExpired} gives back what
 * expired holds kept. Lines whose hold was released stay in the cart, and are held again when the
 * cart next changes or is checked out, if the units are still there. Limits against holding all
 * the stock in carts ({@link com.example.shop.cart.CartProperties}) are checked here.
 */
@NullMarked
package com.example.shop.cart;

import org.jspecify.annotations.NullMarked;
