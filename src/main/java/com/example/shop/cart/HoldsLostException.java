package com.example.shop.cart;

import java.util.List;

import com.example.shop.catalog.ShirtSize;

/**
 * A checkout found lines whose hold had expired and whose units were taken since; nothing was
 * bought, and the cart is as it was.
 */
public class HoldsLostException extends RuntimeException {

    /** A line that cannot be bought, and how many of its units are available now. */
    public record LostLine(long shirtId, ShirtSize size, int quantity, int available) {
    }

    private final List<LostLine> lines;

    public HoldsLostException(List<LostLine> lines) {
        super(lines.size() + " lines lost their units");
        this.lines = List.copyOf(lines);
    }

    public List<LostLine> lines() {
        return lines;
    }

}
