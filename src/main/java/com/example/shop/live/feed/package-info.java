/**
 * Where live messages come from: an {@link com.example.shop.live.feed.OrderedLog} (the catalog's
 * change log, later the order events) read in seq order from a cursor by one
 * {@link com.example.shop.live.feed.LogFeed} thread per log, woken by a local commit, by another
 * shop's commit ({@code NOTIFY} on PostgreSQL) or by the poll interval. The feed knows nothing of
 * subscribers: it hands each entry, once and in order, to its {@link com.example.shop.live.feed.LogFeed.Tail}
 * (the hub), and reports its lag and health.
 */
@NullMarked
@NamedInterface("feed")
package com.example.shop.live.feed;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
