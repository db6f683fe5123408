/**
 * The live catalog: every committed change of the catalog, pushed to browsers as it happens.
 * <p>
 * STOMP over WebSocket at {@code /ws} (topic {@code /topic/shirts}, contract in
 * {@code /asyncapi.yaml}), a Server-Sent Events mirror at {@code /shirts/stream}, and the
 * catch-up feed {@code /shirts/events}. Each shop has one {@link com.example.shop.live.ChangeFeed}
 * that reads the catalog's change log in {@code seq} order and hands every committed change, once,
 * to each STOMP subscription and SSE stream of that shop; shops on one PostgreSQL database wake
 * each other's feeds with {@code NOTIFY}. A subscriber that was away resumes from a seq
 * ({@code after} on SUBSCRIBE, {@code Last-Event-ID}). Who may do what over STOMP (everyone may
 * read, only the shop publishes) and how many connections the live channel may take are decided
 * here as well. See {@code docs/live.md}.
 */
@NullMarked
package com.example.shop.live;

import org.jspecify.annotations.NullMarked;
