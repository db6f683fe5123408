package com.example.shop.catalog;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The single row holding the last catalog sequence number. Every write locks it first
 * ({@code SELECT ... FOR UPDATE}), so writes are numbered in commit order, a rolled-back write
 * leaves no gap, and the number survives restarts. Writes to the catalog are therefore
 * serialized; at shop scale that costs nothing and buys a gap-free change feed.
 */
@Entity
@Table(name = "catalog_sequence")
class CatalogSequence {

    static final int ID = 1;

    @Id
    private int id;

    private long lastSeq;

    protected CatalogSequence() {
    }

    long next() {
        return ++lastSeq;
    }

    long last() {
        return lastSeq;
    }

}
