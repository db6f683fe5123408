/**
 * How changes reach people: every committed change of the catalog (and every change of
 * availability) pushed to browsers as it happens, over STOMP at {@code /ws} and as Server-Sent
 * Events.
 * <p>
 * One path, one sub-package per step: {@code feed} (an ordered log tailed by one thread from a
 * cursor), {@code hub} (the channels, registered as beans, and who may follow each; replay,
 * reload, snapshots), {@code outbound} (each connection's queue and writer), then the transports,
 * {@code stomp} and {@code sse}. This package wires them for the shop: the {@code /topic/shirts}
 * and {@code /topic/availability} channels, the catch-up feed {@code /shirts/events}, the stream
 * endpoints, the caps on live connections and the PostgreSQL wake-up of other shops' feeds. See
 * {@code docs/live.md}.
 */
@NullMarked
package com.example.shop.live;

import org.jspecify.annotations.NullMarked;
