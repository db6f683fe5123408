package com.example.shop.ordering.web;

import java.util.Arrays;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.shop.ordering.CheckoutKeyReusedException;
import com.example.shop.ordering.OrderChangedException;
import com.example.shop.ordering.OrderNotFoundException;
import com.example.shop.ordering.StatusMoveException;
import com.example.shop.web.IfMatch;

/** The orders' refusals as problems. */
@RestControllerAdvice
class OrderProblems {

    @ExceptionHandler
    ErrorResponse notFound(OrderNotFoundException ex) {
        return ErrorResponse.builder(ex, HttpStatus.NOT_FOUND, "No order has the id " + ex.orderId() + ".")
            .title("Order not found")
            .build();
    }

    @ExceptionHandler
    ErrorResponse move(StatusMoveException ex) {
        return ErrorResponse.builder(ex, HttpStatus.CONFLICT, "An order that is " + ex.from() + " cannot become "
                + ex.to() + "; it can become " + (ex.from().next().isEmpty() ? "nothing else" : ex.from().next()) + ".")
            .title("Status change not allowed")
            .property("status", ex.from().name())
            .property("allowed", Arrays.stream(com.example.shop.ordering.OrderStatus.values()).filter(ex.from()::canMoveTo).toList())
            .build();
    }

    @ExceptionHandler
    ErrorResponse changed(OrderChangedException ex) {
        String currentEtag = IfMatch.quoted(String.valueOf(ex.currentVersion()));
        return ErrorResponse.builder(ex, HttpStatus.PRECONDITION_FAILED,
                "The order has changed since you read it: its current ETag is " + currentEtag + ". Read it again, then retry.")
            .title("Order changed")
            .property("currentEtag", currentEtag)
            .header("ETag", currentEtag)
            .build();
    }

    @ExceptionHandler
    ErrorResponse keyReused(CheckoutKeyReusedException ex) {
        return ErrorResponse.builder(ex, HttpStatus.UNPROCESSABLE_CONTENT, "The Idempotency-Key '" + ex.key()
                + "' already placed order " + ex.orderId() + " for another buyer. Use a new key for a new order.")
            .title("Idempotency-Key reused")
            .build();
    }

}
