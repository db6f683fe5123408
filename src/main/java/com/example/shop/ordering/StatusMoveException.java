package com.example.shop.ordering;

/** A status change the order's life does not allow (SHIPPED → PLACED, say); nothing was changed. */
public class StatusMoveException extends RuntimeException {

    private final OrderStatus from;

    private final OrderStatus to;

    public StatusMoveException(OrderStatus from, OrderStatus to) {
        super(from + " -> " + to);
        this.from = from;
        this.to = to;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }

}
