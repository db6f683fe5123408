package com.example.shop.inventory;

import java.util.Map;

import com.example.shop.catalog.ShirtSize;

/**
 * Availability changed: the latest numbers of the sizes that changed since the last such event,
 * at most one per {@code shop.live.availability-interval}. A size of a deleted shirt, or one no
 * longer offered, changes to 0.
 *
 * @param seq the number of the latest change included; a client that has a snapshot with this seq
 *        or a larger one has these numbers already
 */
public record AvailabilityChanged(long epoch, long seq, Map<Long, Map<ShirtSize, Integer>> shirts) {
}
