package com.example.shop.ordering;

import java.util.Set;

/** Where an order is in its life, and where it may go from there. */
public enum OrderStatus {

    PLACED, PAID, SHIPPED, CANCELLED;

    /** PLACED → PAID → SHIPPED, and PLACED or PAID → CANCELLED; nothing else. */
    public Set<OrderStatus> next() {
        return switch (this) {
            case PLACED -> Set.of(PAID, CANCELLED);
            case PAID -> Set.of(SHIPPED, CANCELLED);
            case SHIPPED, CANCELLED -> Set.of();
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }

}
