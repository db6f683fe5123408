package com.example.shop.inventory;

import com.example.shop.catalog.ShirtSize;

/** The admin set a size's stock below what carts hold of it; nothing was changed. */
public class StockBelowHeldException extends RuntimeException {

    private final long shirtId;

    private final ShirtSize size;

    private final int held;

    public StockBelowHeldException(long shirtId, ShirtSize size, int held) {
        super("Carts hold " + held + " of shirt " + shirtId + " in " + size);
        this.shirtId = shirtId;
        this.size = size;
        this.held = held;
    }

    public long shirtId() {
        return shirtId;
    }

    public ShirtSize size() {
        return size;
    }

    public int held() {
        return held;
    }

}
