/**
 * The catalog's REST adapter: {@code /shirts}. It speaks HTTP (paging, ETags, merge patch,
 * Idempotency-Key) and leaves every rule about shirts to {@link com.example.shop.catalog.Catalog}.
 */
@NullMarked
package com.example.shop.catalog.web;

import org.jspecify.annotations.NullMarked;
