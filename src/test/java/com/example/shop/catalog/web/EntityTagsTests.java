package com.example.shop.catalog.web;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.example.shop.catalog.ExpectedVersion;

import static org.assertj.core.api.Assertions.assertThat;

/** If-Match as RFC 9110 reads it, turned into the versions a write expects. */
class EntityTagsTests {

    @Test
    void aShirtsTagIsItsVersionInQuotes() {
        assertThat(EntityTags.of(3)).isEqualTo("\"3\"");
    }

    @Test
    void noHeaderAndTheWildcardExpectAnyVersion() {
        assertThat(EntityTags.expectedVersion(null)).isEqualTo(ExpectedVersion.ANY);
        assertThat(EntityTags.expectedVersion(" * ")).isEqualTo(ExpectedVersion.ANY);
    }

    @Test
    void oneOrSeveralStrongTagsNameTheirVersions() {
        assertThat(EntityTags.expectedVersion("\"3\"")).isEqualTo(ExpectedVersion.of(3));
        assertThat(EntityTags.expectedVersion(" \"3\" , \"5\"")).isEqualTo(ExpectedVersion.oneOf(Set.of(3L, 5L)));
        // A new shirt's version: the rule against leading zeros leaves a lone zero alone.
        assertThat(EntityTags.expectedVersion("\"0\"")).isEqualTo(ExpectedVersion.of(0));
        assertThat(EntityTags.of(0)).isEqualTo("\"0\"");
    }

    @Test
    void inAListTheTagsThatAreNoVersionAreSkippedAndTheOthersCount() {
        assertThat(EntityTags.expectedVersion("W/\"3\", \"5\", \"x\"")).isEqualTo(ExpectedVersion.of(5));
    }

    @Test
    void tagsThatAreNoVersionOfOursNeverMatch() {
        ExpectedVersion never = ExpectedVersion.oneOf(Set.of());
        // If-Match compares strongly: a weak tag never matches.
        assertThat(EntityTags.expectedVersion("W/\"3\"")).isEqualTo(never);
        assertThat(EntityTags.expectedVersion("\"03\"")).isEqualTo(never);
        assertThat(EntityTags.expectedVersion("3")).isEqualTo(never);
        assertThat(EntityTags.expectedVersion("\"catalog-3\"")).isEqualTo(never);
        assertThat(EntityTags.expectedVersion("\"99999999999999999999\"")).isEqualTo(never);
        assertThat(EntityTags.expectedVersion("")).isEqualTo(never);
    }

}
