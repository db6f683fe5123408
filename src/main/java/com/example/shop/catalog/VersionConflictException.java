package com.example.shop.catalog;

/**
 * A write meant for a version of the shirt that is no longer current: nothing was changed, and
 * {@link #currentVersion()} tells the client what to read, merge and retry against.
 */
public class VersionConflictException extends RuntimeException {

    private final long shirtId;

    private final long currentVersion;

    public VersionConflictException(long shirtId, long currentVersion) {
        super("Shirt " + shirtId + " is at version " + currentVersion + ", not at the version the write expected");
        this.shirtId = shirtId;
        this.currentVersion = currentVersion;
    }

    public long shirtId() {
        return shirtId;
    }

    public long currentVersion() {
        return currentVersion;
    }

}
