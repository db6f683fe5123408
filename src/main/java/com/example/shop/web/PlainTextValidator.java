package com.example.shop.web;

import java.util.Locale;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Checks {@link PlainText}: one pass over the code points, no regular expression to backtrack. */
public final class PlainTextValidator implements ConstraintValidator<PlainText, CharSequence> {

    private boolean allowLineBreaks;

    @Override
    public void initialize(PlainText annotation) {
        this.allowLineBreaks = annotation.allowLineBreaks();
    }

    @Override
    public boolean isValid(@Nullable CharSequence value, ConstraintValidatorContext context) {
        int refused = firstRefused(value, allowLineBreaks);
        if (refused < 0) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // Built from a fixed pattern and a code point in hex: nothing of the value reaches the
        // message interpolation, so no expression in it can be evaluated.
        context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate()
                + (allowLineBreaks ? " other than tabs and newlines" : "") + " (found U+"
                + String.format(Locale.ROOT, "%04X", refused) + ")").addConstraintViolation();
        return false;
    }

    /** The first code point {@link PlainText} refuses in {@code value}, or -1 if there is none. */
    public static int firstRefused(@Nullable CharSequence value, boolean allowLineBreaks) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length();) {
            int codePoint = Character.codePointAt(value, i);
            // A carriage return counts as part of a line break only right before its line feed
            // (text from Windows, or from a form): alone it returns to the start of the line.
            boolean lineBreak = codePoint == '\n' || codePoint == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n';
            if (refused(codePoint, allowLineBreaks && (lineBreak || codePoint == '\t'))) {
                return codePoint;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }

    private static boolean refused(int codePoint, boolean allowedHere) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL -> !allowedHere;
            // A surrogate seen as a code point of its own had no partner: not text.
            case Character.FORMAT, Character.SURROGATE -> true;
            default -> false;
        };
    }

}
