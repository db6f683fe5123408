package com.example.shop.inventory;

import java.util.Map;

import com.example.shop.catalog.ShirtSize;

/**
 * What is available of every shirt, per size, as of {@code seq} in {@code epoch}.
 *
 * @param epoch names this process's numbering: a client holding a seq of another epoch starts over
 * @param seq the number of the last change this reflects
 * @param shirts per shirt id, per offered size, the units available
 */
public record AvailabilitySnapshot(long epoch, long seq, Map<Long, Map<ShirtSize, Integer>> shirts) {
}
