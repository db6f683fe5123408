package com.example.shop.catalog;

/** Entity-tag comparison for {@code If-Match} (RFC 9110, section 13.1.1). */
final class EntityTags {

    private EntityTags() {
    }

    /**
     * Whether an {@code If-Match} header value matches the current strong tag: {@code *} matches any
     * existing resource; otherwise one of the listed tags must be equal. Weak tags never match,
     * because If-Match uses the strong comparison.
     */
    static boolean matches(String ifMatch, String currentEtag) {
        String header = ifMatch.strip();
        if (header.equals("*")) {
            return true;
        }
        for (String candidate : header.split(",")) {
            if (candidate.strip().equals(currentEtag)) {
                return true;
            }
        }
        return false;
    }

}
