package com.example.shop.ordering.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.example.shop.ordering.Order;
import com.example.shop.ordering.OrderStatus;

import io.swagger.v3.oas.annotations.media.Schema;

/** An order on the wire; its version is the ETag, not a member. */
@Schema(name = "Order")
record OrderResponse(
        @Schema(description = "Random, not guessable", example = "0b7e2c8e-5f0e-4a57-9a3b-7f3f1d2c9e11") String id,
        OrderStatus status, Instant placedAt, List<Order.Line> lines,
        @Schema(description = "The sum of the line totals, at the prices of the moment of purchase") BigDecimal total,
        String name, String email, String address) {

    static OrderResponse of(Order order) {
        return new OrderResponse(order.id(), order.status(), order.placedAt(), order.lines(), order.total(), order.name(),
                order.email(), order.address());
    }

}
