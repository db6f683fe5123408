package com.example.shop.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Server-Sent Events stream {@code /shirts/stream}, under {@code shop.sse}.
 *
 * @param heartbeat how often an idle stream gets a comment line, so proxies keep it open and a
 *        vanished client is noticed
 * @param timeout how long one response streams; then it ends and the client reconnects with
 *        {@code Last-Event-ID}, missing nothing
 * @param reconnectDelay the {@code retry:} the stream tells clients to wait before reconnecting
 * @param maxReplay the most changes a reconnecting client is sent to catch up; one further behind
 *        is told to reload instead, which is then cheaper
 * @param maxQueued the most changes that may wait for one slow client; past that its stream is
 *        closed and it catches up from {@code Last-Event-ID} when it reconnects
 * @param senderThreads the most threads that write to streams (idle ones end after 30 s); a client
 *        that stops reading holds one until its write gives up, so this many such clients at once
 *        delay the other streams for that long
 * @param sendTimeout a stream whose client cannot take data for this long is closed
 */
@ConfigurationProperties("shop.sse")
record StreamProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("30m") Duration timeout,
        @DefaultValue("3s") Duration reconnectDelay,
        @DefaultValue("1000") int maxReplay,
        @DefaultValue("1000") int maxQueued,
        @DefaultValue("16") int senderThreads,
        @DefaultValue("10s") Duration sendTimeout) {
}
