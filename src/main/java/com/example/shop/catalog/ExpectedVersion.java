package com.example.shop.catalog;

import java.util.Set;

/**
 * The versions of a shirt a write was meant for: the write happens only if the shirt is still at
 * one of them, so a client that read version 3 cannot silently overwrite version 4. Usually one
 * version; {@link #ANY} for a write that does not care.
 */
public record ExpectedVersion(Set<Long> versions, boolean any) {

    public static final ExpectedVersion ANY = new ExpectedVersion(Set.of(), true);

    public ExpectedVersion {
        versions = Set.copyOf(versions);
    }

    public static ExpectedVersion of(long version) {
        return new ExpectedVersion(Set.of(version), false);
    }

    /** One of these versions; none at all is a write that is never current. */
    public static ExpectedVersion oneOf(Set<Long> versions) {
        return new ExpectedVersion(versions, false);
    }

    boolean matches(long current) {
        return any || versions.contains(current);
    }

}
