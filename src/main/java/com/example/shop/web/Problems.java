package com.example.shop.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Builds the problems the shop answers with, so every channel words them alike. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /**
     * The database cannot be reached just now (restarting, the network to it down, every pool
     * connection taken): 503, for the controllers' advice and for filters alike. A read changed
     * nothing; a write almost surely did not happen, but may have if the connection broke while the
     * database committed, so its answer says how to retry safely.
     */
    static ProblemDetail databaseUnavailable(boolean read) {
        return of(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", read
                ? "The shop cannot reach its database just now; nothing was read or changed. Try again shortly."
                : "The shop cannot reach its database just now. The change was most likely not made, but if the "
                        + "connection broke while it was being committed it may have been: try again shortly with "
                        + "the same Idempotency-Key, which is safe either way, or read before you write again.");
    }

    /** Seconds a client is told to wait ({@code Retry-After}) when the database is out of reach. */
    static final long DATABASE_RETRY_AFTER_SECONDS = 5;

    /**
     * A problem that says no more than its status, for errors that arise outside the shop's own
     * handlers (the servlet container's error page, Tomcat refusing a request).
     */
    public static ProblemDetail ofStatus(int code) {
        HttpStatus status = HttpStatus.resolve(code);
        String reason = status == null ? "Error " + code : status.getReasonPhrase();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code), code >= 500
                ? "The request could not be completed because of an error in the shop. It has been logged."
                : "The request was refused: " + reason.toLowerCase(Locale.ROOT) + ".");
        problem.setTitle(reason);
        return problem;
    }

    /**
     * A body that is not the JSON we expect: malformed JSON names line and column; a value of the
     * wrong type, or one the shop cannot read (NaN, a number out of range), names its field.
     */
    public static ProblemDetail unreadable(@Nullable Throwable cause) {
        if (!(cause instanceof JacksonException ex)) {
            return of(HttpStatus.BAD_REQUEST, "Missing request body", "The request needs a JSON body.");
        }
        if (ex instanceof StreamConstraintsException) {
            // Jackson's limits (a number over 1000 characters, very deep nesting) are checked before
            // a value is read, since reading a huge number costs time; the error says neither where
            // nor whose. Nothing the shop stores comes near them.
            return of(HttpStatus.BAD_REQUEST, "Malformed JSON",
                    "The request body holds a number longer than 1000 characters or is nested too deep to read.");
        }
        String field = field(ex);
        TokenStreamLocation location = ex.getLocation();
        String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        if (field.isEmpty()) {
            Class<?> target = ex instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
            return of(HttpStatus.BAD_REQUEST, "Malformed JSON", ex instanceof StreamReadException && location != null
                    ? "The request body is not valid JSON" + where + "."
                    : "The request body is not a valid " + noun(target) + " in JSON.");
        }
        String detail;
        String title = "Invalid request body";
        if (ex instanceof InvalidFormatException invalid && invalid.getTargetType() == String.class) {
            detail = "expected a string";
        }
        else if (ex instanceof InvalidFormatException invalid) {
            detail = "'" + abbreviate(String.valueOf(invalid.getValue())) + "' is not " + describe(invalid.getTargetType());
        }
        else if (ex instanceof MismatchedInputException mismatch) {
            detail = "expected " + describe(mismatch.getTargetType());
        }
        else if (ex.getCause() instanceof NumberFormatException) {
            // 1e2147483648: an exponent no BigDecimal holds.
            detail = "a number out of range" + where;
        }
        else {
            // NaN, Infinity, a stray token: JSON the parser gave up on, at this field.
            title = "Malformed JSON";
            detail = "not a valid JSON value" + where;
        }
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, title, field + ": " + detail + ".");
        problem.setProperty("errors", List.of(FieldError.ofBody(field, detail)));
        return problem;
    }

    /**
     * The field of the body whose value failed. Jackson adds no path to an error of the parser
     * itself (it reads a value before it knows whose it is), but the parser still knows where it was.
     */
    private static String field(JacksonException ex) {
        if (!ex.getPath().isEmpty()) {
            return path(ex);
        }
        if (!(ex instanceof StreamReadException && ex.processor() instanceof JsonParser parser)) {
            return "";
        }
        List<String> steps = new ArrayList<>();
        for (TokenStreamContext context = parser.streamReadContext(); context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inObject() && context.currentName() != null) {
                steps.add(0, "." + context.currentName());
            }
            else if (context.inArray()) {
                steps.add(0, "[" + Math.max(0, context.getCurrentIndex()) + "]");
            }
        }
        String field = String.join("", steps);
        return field.startsWith(".") ? field.substring(1) : field;
    }

    private static String path(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (var reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What problems call a body of this type: its {@link ProblemNoun}, or "request body". */
    static String noun(@Nullable Class<?> type) {
        ProblemNoun noun = type == null ? null : type.getAnnotation(ProblemNoun.class);
        return noun == null ? "request body" : noun.value();
    }

    static String describe(@Nullable Class<?> type) {
        if (type == null) {
            return "of the expected type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return "a valid " + type.getSimpleName();
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

}
