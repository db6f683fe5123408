package com.example.shop.web;

import java.io.IOException;

/** Thrown while reading a request body that grew past the limit without announcing its length. */
class RequestTooLargeException extends IOException {

    private final long limit;

    RequestTooLargeException(long limit) {
        super("Request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    long getLimit() {
        return limit;
    }

}
