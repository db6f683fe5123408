package com.example.shop.inventory;

import java.util.Map;

import com.example.shop.catalog.ShirtSize;

/**
 * What a live subscriber of availability receives, on every transport alike: first one
 * {@value #SNAPSHOT} with every shirt, then {@value #CHANGE} messages with only the sizes that
 * changed, each with its latest number. A change whose seq is not above the snapshot's is already
 * in the snapshot.
 */
public record AvailabilityMessage(String type, long epoch, long seq, Map<Long, Map<ShirtSize, Integer>> shirts) {

    public static final String SNAPSHOT = "availability.snapshot";

    public static final String CHANGE = "availability";

    public static AvailabilityMessage of(AvailabilitySnapshot snapshot) {
        return new AvailabilityMessage(SNAPSHOT, snapshot.epoch(), snapshot.seq(), snapshot.shirts());
    }

    public static AvailabilityMessage of(AvailabilityChanged changed) {
        return new AvailabilityMessage(CHANGE, changed.epoch(), changed.seq(), changed.shirts());
    }

}
