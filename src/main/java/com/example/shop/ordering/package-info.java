/**
 * Orders: a cart turned into an order in one transaction ({@link com.example.shop.ordering.Orders#place}),
 * at the prices of that moment, and the order's life after: paid on delivery or by invoice and
 * marked so by the admin, shipped, or cancelled, which puts its units back in stock. There is no
 * payment provider. An order's id is random, and only the session that placed it (and the admin)
 * may read it.
 */
@NullMarked
package com.example.shop.ordering;

import org.jspecify.annotations.NullMarked;
