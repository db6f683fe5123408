package com.example.shop.live;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the STOMP endpoint {@code /ws}, under {@code shop.websocket}. They keep one slow or
 * hostile client from hurting the others; {@code docs/live.md} explains each.
 *
 * @param allowedOrigins origin patterns (such as {@code https://*.example.com}) whose pages may
 *        open the WebSocket besides the shop's own origin, which is always allowed
 * @param heartbeat how often the shop and each client exchange STOMP heart-beats, both ways
 * @param sendTimeLimit how long sending to one client may take before it is disconnected
 * @param sendBufferSizeLimit how much may queue up for one client before it is disconnected
 * @param messageSizeLimit the largest STOMP frame a client may send
 * @param timeToFirstMessage how long a new WebSocket may stay silent before its STOMP CONNECT
 * @param maxSubscriptions the most subscriptions one connection may hold; one more is refused with an
 *        ERROR frame and the connection closed
 * @param idleTimeout a connection from which nothing (no frame, no heart-beat) arrived for this long
 *        is closed, whatever heart-beats it negotiated
 * @param compression whether to accept per-message compression ({@code permessage-deflate}) when
 *        a client offers it; off, it is declined (see {@link OptInCompressionHandshakeHandler})
 * @param outboundThreads threads that write to STOMP clients ({@code stomp-writer-N}, see
 *        {@link com.example.shop.live.outbound.Connection}); a client that stopped reading holds
 *        one until it is given up, so half this many such clients at once are disconnected
 * @param maxReplaysPerMinute the most SUBSCRIBE frames with {@code after} (each replays the log)
 *        one connection may send in any minute; one more is refused with an ERROR frame
 */
@ConfigurationProperties("shop.websocket")
record WebSocketProperties(
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("25s") Duration heartbeat,
        @DefaultValue("10s") Duration sendTimeLimit,
        @DefaultValue("256KB") DataSize sendBufferSizeLimit,
        @DefaultValue("8KB") DataSize messageSizeLimit,
        @DefaultValue("30s") Duration timeToFirstMessage,
        @DefaultValue("4") int maxSubscriptions,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("false") boolean compression,
        @DefaultValue("16") int outboundThreads,
        @DefaultValue("10") int maxReplaysPerMinute) {
}
