package com.example.shop.catalog;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The command a shirt is made from, and the fingerprint that tells an idempotent retry from a new shirt. */
class ShirtDetailsTests {

    private static final ShirtDetails BASIC = new ShirtDetails("Basic", "white", Set.of(ShirtSize.S, ShirtSize.M),
            new BigDecimal("19.99"), "Soft");

    @Test
    void detailsAreBroughtToOneForm() {
        var details = new ShirtDetails("  Basic ", " white", new LinkedHashSet<>(List.of(ShirtSize.M, ShirtSize.S)),
                new BigDecimal("19.99"), "   ");
        assertThat(details.name()).isEqualTo("Basic");
        assertThat(details.color()).isEqualTo("white");
        assertThat(details.sizes()).containsExactlyInAnyOrder(ShirtSize.S, ShirtSize.M);
        assertThat(details.description()).isNull();
        assertThat(new ShirtDetails("Basic", "white", Set.of(ShirtSize.S), BigDecimal.ONE, " Soft\n").description()).isEqualTo("Soft");
    }

    @Test
    void theSameShirtHasTheSameFingerprintWhateverTheFormOfItsValues() {
        var same = new ShirtDetails(" Basic", "white ", new LinkedHashSet<>(List.of(ShirtSize.M, ShirtSize.S)),
                new BigDecimal("19.9900"), "Soft ");
        assertThat(same.fingerprint()).isEqualTo(BASIC.fingerprint()).hasSize(64);
    }

    @Test
    void anyDifferenceChangesTheFingerprint() {
        assertThat(List.of(
                new ShirtDetails("Basics", "white", Set.of(ShirtSize.S, ShirtSize.M), new BigDecimal("19.99"), "Soft"),
                new ShirtDetails("Basic", "White", Set.of(ShirtSize.S, ShirtSize.M), new BigDecimal("19.99"), "Soft"),
                new ShirtDetails("Basic", "white", Set.of(ShirtSize.S), new BigDecimal("19.99"), "Soft"),
                new ShirtDetails("Basic", "white", Set.of(ShirtSize.S, ShirtSize.M), new BigDecimal("19.90"), "Soft"),
                new ShirtDetails("Basic", "white", Set.of(ShirtSize.S, ShirtSize.M), new BigDecimal("19.99"), null),
                // The separator keeps fields apart: moving text from one to the next is another shirt.
                new ShirtDetails("Basicw", "hite", Set.of(ShirtSize.S, ShirtSize.M), new BigDecimal("19.99"), "Soft")))
            .allSatisfy(other -> assertThat(other.fingerprint()).isNotEqualTo(BASIC.fingerprint()));
    }

}
