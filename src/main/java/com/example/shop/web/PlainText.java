package com.example.shop.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * Text a person typed, as it will be shown to other people: no control characters (Unicode
 * category Cc) and no format characters (Cf), and no half of a surrogate pair. Format characters
 * are invisible yet change what is shown: the bidi overrides and isolates (U+202A to U+202E,
 * U+2066 to U+2069) reverse what follows them, so a name can read differently from what it is;
 * zero-width characters (U+200B, U+2060, U+FEFF) make two equal-looking names differ. A lone
 * surrogate cannot be written as UTF-8 at all (PostgreSQL refuses it). {@code null} is valid, as
 * with every Bean Validation constraint; pair with {@code @NotBlank} where a value is required.
 * <p>
 * The message names the first character refused by its code point, which a person can look up,
 * rather than repeating the invisible character itself.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
        ElementType.TYPE_USE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface PlainText {

    /**
     * Whether tabs and line breaks are allowed, as in a description of several lines: U+0009,
     * U+000A, and U+000D right before U+000A (never alone).
     */
    boolean allowLineBreaks() default false;

    String message() default "must not contain control or format characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

}
