package com.example.shop.catalog;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Remembers which shirt an {@code Idempotency-Key} created and for which request, so that a retried
 * {@code POST /shirts} returns that shirt instead of creating a second one.
 */
@Entity
@Table(name = "idempotency_key")
class IdempotencyRecord {

    @Id
    private String idempotencyKey;

    private String fingerprint;

    private long shirtId;

    private Instant createdAt;

    protected IdempotencyRecord() {
        this.idempotencyKey = "";
        this.fingerprint = "";
        this.createdAt = Instant.EPOCH;
    }

    IdempotencyRecord(String idempotencyKey, String fingerprint, long shirtId, Instant createdAt) {
        this.idempotencyKey = idempotencyKey;
        this.fingerprint = fingerprint;
        this.shirtId = shirtId;
        this.createdAt = createdAt;
    }

    String getFingerprint() {
        return fingerprint;
    }

    long getShirtId() {
        return shirtId;
    }

}
