/**
 * The shirt catalog, in the domain's own terms: the {@link com.example.shop.catalog.Shirt} entity,
 * its repositories, and {@link com.example.shop.catalog.Catalog}, the one place that changes
 * shirts. Nothing here knows HTTP: {@code Catalog} takes a
 * {@link com.example.shop.catalog.ShirtDetails} command and an
 * {@link com.example.shop.catalog.ExpectedVersion}, and says no with exceptions of its own; the
 * REST adapter in {@code catalog.web} turns requests into those and exceptions into problems.
 * <p>
 * One flow, one name: a change to the catalog is a {@link com.example.shop.catalog.ShirtChanged}.
 * It is numbered with a catalog sequence number ({@code seq}) in the same transaction as the change
 * itself, stored as a {@link com.example.shop.catalog.ChangeLogEntry} in the change log (table
 * {@code catalog_event}; {@link com.example.shop.catalog.ChangeLog}), and published as an
 * application event that listeners see only after commit. Readers that fell behind catch up from
 * the change log with {@link com.example.shop.catalog.Catalog#changesAfter}.
 */
@NullMarked
package com.example.shop.catalog;

import org.jspecify.annotations.NullMarked;
