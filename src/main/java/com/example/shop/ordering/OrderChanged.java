package com.example.shop.ordering;

import java.time.Instant;

/**
 * An order placed or a change of its status, as committed: one entry of the order-events log
 * ({@link OrderEvents}). The same record is the application event {@link Orders} publishes in the
 * transaction that makes the change.
 *
 * @param type {@link #PLACED} or {@link #STATUS}
 * @param seq the log's seq: every order event of every shopper, in commit order, without gaps
 * @param owner the shopper who placed the order: the id of their cart ({@code shop_order.owner})
 * @param ownerSeq counts only this owner's order events, so it says nothing about other shoppers
 * @param occurredAt when the change was made
 * @param order the order after the change
 */
public record OrderChanged(String type, long seq, String owner, long ownerSeq, Instant occurredAt, Order order) {

    public static final String PLACED = "order.placed";

    public static final String STATUS = "order.status";

}
