package com.example.shop.web;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
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
     * wrong type names its field and the expected type.
     */
    public static ProblemDetail unreadable(@Nullable Throwable cause) {
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            String detail = mismatch instanceof InvalidFormatException invalid
                    ? "'" + abbreviate(String.valueOf(invalid.getValue())) + "' is not " + describe(invalid.getTargetType())
                    : "expected " + describe(mismatch.getTargetType());
            ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "Invalid request body", field + ": " + detail + ".");
            problem.setProperty("errors", List.of(FieldError.ofBody(field, detail)));
            return problem;
        }
        if (cause instanceof StreamReadException parse && parse.getLocation() != null) {
            return of(HttpStatus.BAD_REQUEST, "Malformed JSON", "The request body is not valid JSON (line "
                    + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ").");
        }
        if (cause instanceof JacksonException) {
            return of(HttpStatus.BAD_REQUEST, "Malformed JSON", "The request body is not a valid shirt in JSON.");
        }
        return of(HttpStatus.BAD_REQUEST, "Missing request body", "The request needs a JSON body.");
    }

    private static String path(DatabindException ex) {
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
