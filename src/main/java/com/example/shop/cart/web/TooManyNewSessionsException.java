package com.example.shop.cart.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import com.example.shop.web.Problems;

/** A client address started as many sessions this minute as it may; no session was made. */
class TooManyNewSessionsException extends ErrorResponseException {

    private final long retryAfterSeconds;

    TooManyNewSessionsException(int budget, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many new sessions",
                "Your address started " + budget + " sessions (carts) within a minute, the most it may. Keep the "
                        + "session cookie you have, or try again in " + retryAfterSeconds + " seconds."), null);
        this.retryAfterSeconds = retryAfterSeconds;
        getBody().setProperty("limit", "shop.cart.max-new-sessions-per-address-per-minute");
        getBody().setProperty("max", budget);
        getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

}
