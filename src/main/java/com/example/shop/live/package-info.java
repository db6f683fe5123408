/**
 * The live catalog: every committed change of the catalog, pushed to browsers as it happens.
 * <p>
 * STOMP over WebSocket at {@code /ws} (topic {@code /topic/shirts}, contract in
 * {@code /asyncapi.yaml}), a Server-Sent Events mirror at {@code /shirts/stream}, and the
 * catch-up feed {@code /shirts/events} that lets a client that missed messages (a reconnect, a
 * gap in {@code seq}) get exactly what it missed. Changes are announced only after their
 * transaction commits, numbered by the catalog's gap-free {@code seq}. Who may do what over
 * STOMP (everyone may read, only the shop publishes) is decided here as well. See
 * {@code docs/live.md}.
 */
@NullMarked
package com.example.shop.live;

import org.jspecify.annotations.NullMarked;
