package com.example.shop.web;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One invalid part of a request, as listed in the {@code errors} of a 400 problem.
 *
 * @param pointer a JSON Pointer into the request body ({@code #/address/city}), or empty for a parameter
 * @param field the body field or request parameter, as the client named it
 * @param detail what is wrong with it
 */
@Schema(name = "FieldError")
public record FieldError(String pointer, String field, String detail) {

    static FieldError ofBody(String field, String detail) {
        return new FieldError(pointer(field), field, detail);
    }

    public static FieldError ofParameter(String parameter, String detail) {
        return new FieldError("", parameter, detail);
    }

    /**
     * One entry per field, as the API promises: a field that breaks several rules (an empty email
     * address is both blank and no email address) gets one entry saying all of them, in the order
     * found.
     */
    static List<FieldError> onePerField(List<FieldError> errors) {
        Map<List<String>, Set<String>> details = new LinkedHashMap<>();
        for (FieldError error : errors) {
            details.computeIfAbsent(List.of(error.pointer(), error.field()), key -> new LinkedHashSet<>()).add(error.detail());
        }
        return details.entrySet().stream()
            .map(entry -> new FieldError(entry.getKey().get(0), entry.getKey().get(1), String.join("; ", entry.getValue())))
            .toList();
    }

    /**
     * The JSON Pointer (RFC 6901) of a field path as Jackson and Bean Validation name it:
     * {@code items[1]} is {@code #/items/1}, {@code a.b} is {@code #/a/b}, the whole body is {@code #}.
     */
    static String pointer(String field) {
        if (field.isEmpty()) {
            return "#";
        }
        StringBuilder pointer = new StringBuilder("#");
        for (String token : field.replace("[", ".").replace("]", "").split("\\.")) {
            if (!token.isEmpty()) {
                pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
            }
        }
        return pointer.toString();
    }

}
