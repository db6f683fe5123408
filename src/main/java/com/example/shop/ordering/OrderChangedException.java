package com.example.shop.ordering;

/** The order is not at the version the admin read; nothing was changed. */
public class OrderChangedException extends RuntimeException {

    private final long currentVersion;

    public OrderChangedException(String orderId, long currentVersion) {
        super("Order " + orderId + " is at version " + currentVersion);
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }

}
