package com.example.shop.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * A shirt in the catalog. Only {@link Catalog} changes it, so that every change is numbered and
 * published; the entity never leaves the catalog package as JSON (see {@link ShirtView}).
 */
@Entity
@Table(name = "shirt")
public class Shirt {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private @Nullable Long id;

    private String name;

    private String color;

    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "shirt_size", joinColumns = @JoinColumn(name = "shirt_id"))
    @Column(name = "size")
    @Enumerated(EnumType.STRING)
    private Set<ShirtSize> sizes = EnumSet.noneOf(ShirtSize.class);

    private BigDecimal price;

    private @Nullable String description;

    private Instant createdAt;

    private Instant updatedAt;

    @Version
    private long version;

    protected Shirt() {
        // for JPA
        this.name = "";
        this.color = "";
        this.price = BigDecimal.ZERO;
        this.createdAt = Instant.EPOCH;
        this.updatedAt = Instant.EPOCH;
    }

    Shirt(ShirtDetails details, Instant now) {
        this();
        this.createdAt = truncate(now);
        apply(details, now);
    }

    void apply(ShirtDetails details, Instant now) {
        this.name = details.name();
        this.color = details.color();
        this.sizes.clear();
        this.sizes.addAll(details.sizes());
        // Stored with two fraction digits; keeping the same scale here makes 10.5 answer as 10.50, as a later read does.
        this.price = details.price().setScale(2);
        this.description = details.description();
        this.updatedAt = truncate(now);
    }

    // Both databases keep microseconds; truncating here makes the answer to a write equal to a later read.
    private static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public @Nullable Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getColor() {
        return color;
    }

    public Set<ShirtSize> getSizes() {
        return Set.copyOf(sizes);
    }

    public BigDecimal getPrice() {
        return price;
    }

    public @Nullable String getDescription() {
        return description;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }

}
