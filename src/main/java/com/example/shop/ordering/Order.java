package com.example.shop.ordering;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.example.shop.catalog.ShirtSize;

/**
 * An order as placed: its lines keep the name, color and unit price of the moment of purchase.
 *
 * @param version increases with every change of status; the ETag
 */
public record Order(String id, OrderStatus status, Instant placedAt, List<Line> lines, BigDecimal total, String name,
        String email, String address, long version) {

    public record Line(long shirtId, String name, String color, ShirtSize size, int quantity, BigDecimal unitPrice,
            BigDecimal lineTotal) {
    }

}
