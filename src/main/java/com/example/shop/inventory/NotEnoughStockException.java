package com.example.shop.inventory;

import com.example.shop.catalog.ShirtSize;

/** Fewer units of a shirt in a size are free than asked for; nothing was held. */
public class NotEnoughStockException extends RuntimeException {

    private final long shirtId;

    private final ShirtSize size;

    private final int requested;

    private final int available;

    public NotEnoughStockException(long shirtId, ShirtSize size, int requested, int available) {
        super(requested + " of shirt " + shirtId + " in " + size + " asked, " + available + " available");
        this.shirtId = shirtId;
        this.size = size;
        this.requested = requested;
        this.available = available;
    }

    public long shirtId() {
        return shirtId;
    }

    public ShirtSize size() {
        return size;
    }

    public int requested() {
        return requested;
    }

    public int available() {
        return available;
    }

}
