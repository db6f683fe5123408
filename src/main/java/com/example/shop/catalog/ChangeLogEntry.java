package com.example.shop.catalog;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One entry of the change log: a {@link ShirtChanged} as stored, in the same transaction as the
 * change, so that {@code /shirts/events} can replay exactly what was published.
 */
@Entity
@Table(name = "catalog_event")
class ChangeLogEntry {

    @Id
    private long seq;

    private String type;

    private long shirtId;

    private Instant occurredAt;

    /** The {@link ShirtView} as JSON, frozen at the time of the change. */
    private String payload;

    protected ChangeLogEntry() {
        this.type = "";
        this.occurredAt = Instant.EPOCH;
        this.payload = "";
    }

    ChangeLogEntry(long seq, String type, long shirtId, Instant occurredAt, String payload) {
        this.seq = seq;
        this.type = type;
        this.shirtId = shirtId;
        this.occurredAt = occurredAt;
        this.payload = payload;
    }

    long getSeq() {
        return seq;
    }

    String getType() {
        return type;
    }

    Instant getOccurredAt() {
        return occurredAt;
    }

    String getPayload() {
        return payload;
    }

}
