package com.example.shop.web;

import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PlainText} on its own, with Hibernate Validator and no Spring. */
class PlainTextTests {

    static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

    static final Validator VALIDATOR = FACTORY.getValidator();

    record Typed(@PlainText @Nullable String name, @PlainText(allowLineBreaks = true) @Nullable String description) {
    }

    /** Control (Cc), format (Cf) and lone surrogates, as a person cannot see them. */
    static final List<String> REFUSED = List.of("\u0000", "\u0007", "\r", "\u001B", "\u007F", "\u0085", "\u009B",
            "\u00AD", "\u061C", "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D",
            "\u202E", "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\uFEFF", "\uFFF9", "\uD800", "\uDFFF",
            new String(Character.toChars(0xE0001)), new String(Character.toChars(0x1D173)));

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void refusesEveryControlAndFormatCharacterNamingItsCodePoint() {
        for (String character : REFUSED) {
            int codePoint = character.codePointAt(0);
            String hex = String.format("U+%04X", codePoint);
            assertThat(messages(new Typed("Evil" + character + "Tee", null))).as(hex)
                .containsExactly("name: must not contain control or format characters (found " + hex + ")");
            assertThat(messages(new Typed(null, "Line one\n" + character + "\tline two"))).as(hex)
                .containsExactly("description: must not contain control or format characters other than tabs and newlines (found " + hex + ")");
        }
    }

    @Test
    void tabsAndNewlinesOnlyWhereLineBreaksAreAllowed() {
        assertThat(messages(new Typed(null, "Soft\tcotton\nEveryday fit\r\nWashable\n"))).isEmpty();
        // A carriage return only as the first half of a Windows line break.
        assertThat(messages(new Typed(null, "Soft\rcotton"))).containsExactly(
                "description: must not contain control or format characters other than tabs and newlines (found U+000D)");
        assertThat(messages(new Typed(null, "Soft\r"))).hasSize(1);
        assertThat(messages(new Typed("Soft\r\n", null))).containsExactly("name: must not contain control or format characters (found U+000D)");
        assertThat(messages(new Typed("Soft\tcotton", null))).containsExactly("name: must not contain control or format characters (found U+0009)");
        assertThat(messages(new Typed("Soft\ncotton", null))).containsExactly("name: must not contain control or format characters (found U+000A)");
    }

    @Test
    void acceptsWhatPeopleWrite() {
        // Letters of every script, marks, emoji (a surrogate pair and a joiner-free sequence),
        // right-to-left text without overrides, non-breaking and ideographic spaces.
        for (String text : List.of("Basic", "Überweiß", "Café crème", "Ελληνικά", "Кириллица", "עברית", "العربية", "日本語のシャツ",
                "👕 Tee", "🇪🇺", "a\u00A0b", "a\u3000b", "e\u0301", "", " ")) {
            assertThat(messages(new Typed(text, text))).as(text).isEmpty();
        }
        assertThat(messages(new Typed(null, null))).isEmpty();
    }

    @Test
    void theFirstRefusedCodePointIsFoundInOnePass() {
        assertThat(PlainTextValidator.firstRefused("ok\u202Eko\u0000", false)).isEqualTo(0x202E);
        assertThat(PlainTextValidator.firstRefused("x".repeat(100_000) + "\u2066", true)).isEqualTo(0x2066);
        assertThat(PlainTextValidator.firstRefused("👕\n", true)).isEqualTo(-1);
        assertThat(PlainTextValidator.firstRefused(null, false)).isEqualTo(-1);
    }

    private static List<String> messages(Typed typed) {
        Set<ConstraintViolation<Typed>> violations = VALIDATOR.validate(typed);
        return violations.stream().map(violation -> violation.getPropertyPath() + ": " + violation.getMessage()).sorted().toList();
    }

}
