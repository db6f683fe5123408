/**
 * Stock and availability over HTTP: {@code /shirts/{id}/stock} for the admin, {@code /availability}
 * and {@code /shirts/{id}/availability} for everyone, with ETags.
 */
@NullMarked
package com.example.shop.inventory.web;

import org.jspecify.annotations.NullMarked;
