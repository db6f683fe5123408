package com.example.shop.catalog;

/**
 * The sizes a shirt can be offered in, smallest first; the declaration order is the display order.
 */
public enum ShirtSize {
    XS, S, M, L, XL, XXL
}
