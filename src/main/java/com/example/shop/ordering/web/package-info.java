/**
 * {@code /orders} over HTTP: checkout with {@code Idempotency-Key}, reading one's orders, and the
 * admin's status changes as merge patches with {@code If-Match}; and the order page for browsers.
 */
@NullMarked
package com.example.shop.ordering.web;

import org.jspecify.annotations.NullMarked;
