package com.example.shop.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

/**
 * Holds availability as a client following the channel does: a snapshot replaces everything, a
 * change whose seq is above the snapshot's overwrites the sizes it names, an older one is
 * ignored. Tests compare what it ends with to the database.
 */
final class AvailabilityFollower {

    private final Map<String, Integer> units = new ConcurrentHashMap<>();

    private volatile long seq = -1;

    private volatile int snapshots;

    private volatile int changes;

    synchronized void apply(JsonNode message) {
        String type = message.get("type").asString();
        if (type.equals("availability.snapshot")) {
            units.clear();
            seq = message.get("seq").asLong();
            snapshots++;
            put(message.get("shirts"));
        }
        else if (type.equals("availability") && seq >= 0) {
            changes++;
            if (message.get("seq").asLong() > seq) {
                seq = message.get("seq").asLong();
                put(message.get("shirts"));
            }
        }
    }

    private void put(JsonNode shirts) {
        shirts.properties().forEach(shirt -> shirt.getValue().properties()
            .forEach(size -> units.put(shirt.getKey() + "/" + size.getKey(), size.getValue().asInt())));
    }

    /** Units available of a shirt in a size as this client knows it; -1 before the snapshot. */
    int units(long shirtId, String size) {
        return units.getOrDefault(shirtId + "/" + size, -1);
    }

    long seq() {
        return seq;
    }

    int snapshots() {
        return snapshots;
    }

    int changes() {
        return changes;
    }

}
