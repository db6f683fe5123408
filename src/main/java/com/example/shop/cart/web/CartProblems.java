package com.example.shop.cart.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.shop.cart.CartLimitException;
import com.example.shop.cart.EmptyCartException;
import com.example.shop.cart.HoldsLostException;
import com.example.shop.cart.SizeNotOfferedException;
import com.example.shop.web.FieldError;

/**
 * The carts' refusals as problems. A checkout ({@code POST /orders}) answers from here too when the
 * cart is empty or has lost units.
 */
@RestControllerAdvice
class CartProblems {

    @ExceptionHandler
    ErrorResponse limit(CartLimitException ex) {
        return ErrorResponse.builder(ex, HttpStatus.CONFLICT, ex.getMessage())
            .title("Cart limit reached")
            .property("limit", ex.limit())
            .property("max", ex.max())
            .build();
    }

    @ExceptionHandler
    ErrorResponse sizeNotOffered(SizeNotOfferedException ex) {
        return ErrorResponse.builder(ex, HttpStatus.BAD_REQUEST, ex.getMessage())
            .title("Invalid cart line")
            .property("errors", List.of(FieldError.ofParameter("size", "is not a size this shirt is offered in " + ex.offered())))
            .build();
    }

    @ExceptionHandler
    ErrorResponse empty(EmptyCartException ex) {
        return ErrorResponse.builder(ex, HttpStatus.CONFLICT, "The cart is empty: add a shirt to it first.")
            .title("Empty cart")
            .build();
    }

    @ExceptionHandler
    ErrorResponse holdsLost(HoldsLostException ex) {
        return ErrorResponse.builder(ex, HttpStatus.CONFLICT, "The hold of " + ex.lines().size()
                + (ex.lines().size() == 1 ? " line" : " lines") + " expired and its units were taken since: change "
                + "or remove the lines listed in `lines`, then check out again. Nothing was bought.")
            .title("Units no longer available")
            .property("lines", ex.lines())
            .build();
    }

}
