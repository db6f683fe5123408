package com.example.shop.cart;

import java.util.Comparator;

import com.example.shop.catalog.ShirtSize;

/**
 * A line of a cart as stored.
 *
 * @param held the units of it that are held: all of them, or none once the hold was released
 */
public record CartLine(long shirtId, ShirtSize size, int quantity, int held) {

    /** The order stock rows are locked in, everywhere: two writers never wait on each other in a circle. */
    static final Comparator<CartLine> STOCK_ORDER = Comparator.comparingLong(CartLine::shirtId)
        .thenComparing(line -> line.size().name());

}
