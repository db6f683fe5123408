/**
 * The way out to each live connection, the same for STOMP and SSE: one bounded queue and one writer
 * at a time per {@link com.example.shop.live.outbound.Connection}, on a bounded, named pool of
 * writer threads; and, for all connections at once ({@link com.example.shop.live.outbound.Connections}),
 * the checks that need a clock: heart-beats to idle connections, writes that stall, clients that
 * send nothing. The transports only say how bytes are framed and written ({@link com.example.shop.live.outbound.Connection.Sink}).
 */
@NullMarked
package com.example.shop.live.outbound;

import org.jspecify.annotations.NullMarked;
