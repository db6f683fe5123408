/**
 * The shirt catalog: the {@link com.example.shop.catalog.Shirt} entity, its repository, and
 * {@link com.example.shop.catalog.Catalog}, the one place that changes shirts.
 * <p>
 * Every change is numbered with a catalog sequence number ({@code seq}) in the same transaction
 * as the change itself, stored in the change log, and published as a
 * {@link com.example.shop.catalog.ShirtChanged} event that listeners see only after commit.
 * The REST adapter lives in {@code catalog.web}.
 */
@NullMarked
package com.example.shop.catalog;

import org.jspecify.annotations.NullMarked;
