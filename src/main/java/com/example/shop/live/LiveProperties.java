package com.example.shop.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The change feed and the live connections of this shop, under {@code shop.live}; see
 * {@code docs/live.md}.
 *
 * @param pollInterval how often the change feed reads the change log even when nothing woke it:
 *        the safety net behind the wake-up on commit (and, on PostgreSQL, {@code NOTIFY})
 * @param maxLag how long the feed may stay behind the catalog before {@code changeFeed} health
 *        reports DOWN
 * @param maxReplay the most changes a STOMP subscription that resumes with {@code after} is
 *        replayed; one further behind is told to reload instead
 * @param maxConnections the most live connections (WebSockets and Server-Sent Events streams
 *        together); past it a handshake answers 503, so the rest of the process's connections stay
 *        for the REST API, the admin page and health checks
 * @param maxConnectionsPerAddress the most live connections from one client address; past it a
 *        handshake answers 429
 */
@ConfigurationProperties("shop.live")
record LiveProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30s") Duration maxLag,
        @DefaultValue("1000") int maxReplay,
        @DefaultValue("19000") int maxConnections,
        @DefaultValue("200") int maxConnectionsPerAddress) {
}
