package com.example.shop.inventory.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.shop.inventory.NotEnoughStockException;
import com.example.shop.inventory.StockBelowHeldException;
import com.example.shop.inventory.StockChangedException;
import com.example.shop.web.IfMatch;

/**
 * The stock room's refusals as problems. Not only for this package's controllers: a cart that
 * cannot hold what it asks for answers from here too, with the units that {@code available} are.
 */
@RestControllerAdvice
class InventoryProblems {

    @ExceptionHandler
    ErrorResponse notEnoughStock(NotEnoughStockException ex) {
        return ErrorResponse.builder(ex, HttpStatus.CONFLICT, "Only " + ex.available() + " of shirt " + ex.shirtId()
                + " in size " + ex.size() + " " + (ex.available() == 1 ? "is" : "are") + " available, " + ex.requested()
                + " were asked for. Nothing was held.")
            .title(ex.available() == 0 ? "Sold out" : "Not enough stock")
            .property("shirtId", ex.shirtId())
            .property("size", ex.size().name())
            .property("available", ex.available())
            .build();
    }

    @ExceptionHandler
    ErrorResponse stockChanged(StockChangedException ex) {
        String currentEtag = IfMatch.quoted(ex.currentTag());
        return ErrorResponse.builder(ex, HttpStatus.PRECONDITION_FAILED, "The stock of shirt " + ex.shirtId()
                + " has changed since you read it: its current ETag is " + currentEtag + ". Read it again, then retry.")
            .title("Stock changed")
            .property("currentEtag", currentEtag)
            .header("ETag", currentEtag)
            .build();
    }

    @ExceptionHandler
    ErrorResponse belowHeld(StockBelowHeldException ex) {
        return ErrorResponse.builder(ex, HttpStatus.CONFLICT, "Carts hold " + ex.held() + " of shirt " + ex.shirtId()
                + " in size " + ex.size() + "; its stock cannot be set lower until they are bought or released.")
            .title("Stock below held units")
            .property("size", ex.size().name())
            .property("held", ex.held())
            .build();
    }

}
