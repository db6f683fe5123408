/**
 * Stock and availability: how many units of each shirt and size are on hand, how many of them
 * carts hold, and so how many are available. {@link com.example.shop.inventory.Inventory} holds and
 * releases units with one conditional update per shirt and size, so that two shoppers only ever
 * wait on each other for the same size of the same shirt, never on the catalog's write lock, and
 * the database itself refuses to hold more than is on hand.
 * <p>
 * {@link com.example.shop.inventory.Availability} follows what is available, in every shop on the
 * same database, by reading the stock table every {@code shop.live.availability-interval}; it
 * numbers each change it sees ({@code seq}, within an {@code epoch} of this process) and publishes
 * the coalesced changes as {@link com.example.shop.inventory.AvailabilityChanged}.
 */
@NullMarked
package com.example.shop.inventory;

import org.jspecify.annotations.NullMarked;
