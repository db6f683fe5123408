package com.example.shop.catalog.web;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import com.example.shop.catalog.ExpectedVersion;

/**
 * A shirt's entity tag is its version in quotes ({@code "3"}); this turns one into the other, and
 * an {@code If-Match} header into the versions a write expects (RFC 9110, section 13.1.1).
 * Spring's {@code WebRequest.checkNotModified} covers {@code If-None-Match} on reads; for a write
 * that must be checked under the catalog's lock, it has no parser to lend, so this one remains.
 */
final class EntityTags {

    private EntityTags() {
    }

    /** The strong entity tag of a shirt at {@code version}, as sent in {@code ETag}. */
    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The versions an {@code If-Match} header names: none (no header) and {@code *} expect any
     * existing shirt; otherwise one of the listed tags must be current. Weak tags never match,
     * because If-Match uses the strong comparison, and neither does a tag that is not a version.
     */
    static ExpectedVersion expectedVersion(@Nullable String ifMatch) {
        if (ifMatch == null || ifMatch.strip().equals("*")) {
            return ExpectedVersion.ANY;
        }
        Set<Long> versions = new LinkedHashSet<>();
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                String digits = tag.substring(1, tag.length() - 1);
                // Compared as the tag the shop sends: "03" is not "3".
                if (digits.chars().allMatch(c -> c >= '0' && c <= '9') && digits.length() < 19
                        && (digits.length() == 1 || digits.charAt(0) != '0')) {
                    versions.add(Long.parseLong(digits));
                }
            }
        }
        return ExpectedVersion.oneOf(versions);
    }

}
