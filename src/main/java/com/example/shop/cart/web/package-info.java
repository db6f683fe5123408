/**
 * {@code /cart} over HTTP. A shopper is their HTTP session: the cart's id lives in it, so an
 * anonymous shopper needs nothing but the session cookie (and, as for every write a browser makes
 * with a cookie, the CSRF token).
 */
@NullMarked
package com.example.shop.cart.web;

import org.jspecify.annotations.NullMarked;
