/**
 * The catalog over HTTP: {@code /shirts}. Everything HTTP about shirts is here (request and
 * response records with their OpenAPI descriptions, paging and sorting parameters, ETags,
 * {@code If-Match} and {@code If-None-Match}, merge patch, Idempotency-Key, and the problems the
 * catalog's exceptions answer with); every rule about shirts is left to
 * {@link com.example.shop.catalog.Catalog}.
 */
@NullMarked
package com.example.shop.catalog.web;

import org.jspecify.annotations.NullMarked;
