package com.example.shop.inventory;

/** The stock of a shirt is not in the state the admin read (its tag differs); nothing was changed. */
public class StockChangedException extends RuntimeException {

    private final long shirtId;

    private final String currentTag;

    public StockChangedException(long shirtId, String currentTag) {
        super("Stock of shirt " + shirtId + " is at " + currentTag);
        this.shirtId = shirtId;
        this.currentTag = currentTag;
    }

    public long shirtId() {
        return shirtId;
    }

    public String currentTag() {
        return currentTag;
    }

}
