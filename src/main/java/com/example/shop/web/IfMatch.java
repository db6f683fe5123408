package com.example.shop.web;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The entity tags an {@code If-Match} header names (RFC 9110, section 13.1.1), for writes whose
 * precondition is checked under a lock of the feature's own, where Spring's
 * {@code checkNotModified} cannot reach. Weak tags never match: If-Match compares strongly.
 */
public final class IfMatch {

    private IfMatch() {
    }

    /**
     * The opaque tags (without quotes) a write expects, or null when any current state will do
     * (no header, or {@code *}).
     */
    public static @Nullable Set<String> tags(@Nullable String header) {
        if (header == null || header.strip().equals("*")) {
            return null;
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
                tags.add(tag.substring(1, tag.length() - 1));
            }
        }
        return tags;
    }

    /** {@code tag} in quotes, as sent in {@code ETag}. */
    public static String quoted(String tag) {
        return "\"" + tag + "\"";
    }

}
