package com.example.shop.web;

import org.springframework.validation.BindingResult;

/**
 * A request body that was valid JSON but broke the rules, found outside Spring MVC's own
 * {@code @Valid} handling (for example a merge patch, validated after merging). It is answered
 * exactly like a failed {@code @Valid}: 400 with one entry per invalid field.
 */
public class InvalidRequestException extends RuntimeException {

    private final BindingResult result;

    public InvalidRequestException(BindingResult result) {
        super("Invalid request: " + result.getErrorCount() + " error(s)");
        this.result = result;
    }

    public BindingResult getResult() {
        return result;
    }

}
