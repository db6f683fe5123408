package com.example.shop.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.example.shop.live.feed.LogFeed;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.sse.SseStreams;
import com.example.shop.live.stomp.StompEndpoint;

/**
 * What an operator watches of the live channel: Micrometer meters (at {@code /actuator/metrics}
 * and {@code /actuator/prometheus}, both for the admin only) and the {@code changeFeed} health
 * contributor, DOWN while the feed has been behind the catalog, or unable to read it, for longer
 * than {@code shop.live.max-lag}.
 */
@Configuration(proxyBeanMethods = false)
class LiveMetrics {

    @Bean
    MeterBinder liveMeters(LiveHub hub, CatalogLog log, StompEndpoint stomp, SseStreams streams,
            LiveConnections connections) {
        return registry -> bind(registry, hub, hub.feed(log), stomp, streams, connections);
    }

    private static void bind(MeterRegistry registry, LiveHub hub, LogFeed feed, StompEndpoint topic, SseStreams stream,
            LiveConnections connections) {
        Gauge.builder("shop.live.connections", connections, LiveConnections::open)
            .description("Open live connections: WebSockets and Server-Sent Events streams")
            .register(registry);
        Gauge.builder("shop.live.stomp.sessions", topic, StompEndpoint::sessions)
            .description("Open STOMP connections")
            .register(registry);
        Gauge.builder("shop.live.stomp.subscriptions", topic, StompEndpoint::subscriptions)
            .description("STOMP subscriptions, to every channel")
            .register(registry);
        Gauge.builder("shop.live.sse.streams", stream, SseStreams::streams)
            .description("Open Server-Sent Events streams, of every channel")
            .register(registry);
        FunctionCounter.builder("shop.live.deliveries", hub, LiveHub::deliveries)
            .description("Log entries (changes) handed to a subscriber or stream (one per entry and subscriber)")
            .register(registry);
        Gauge.builder("shop.live.feed.lag", feed, LogFeed::lag)
            .description("The latest committed seq minus the last seq this shop broadcast")
            .register(registry);
        Gauge.builder("shop.live.feed.seq", feed, LogFeed::deliveredSeq)
            .description("The last seq this shop broadcast")
            .register(registry);
    }

    @Bean
    ChangeFeedHealth changeFeedHealthIndicator(LiveHub hub, CatalogLog log, LiveProperties properties, Clock clock) {
        return new ChangeFeedHealth(hub.feed(log), properties.maxLag(), clock);
    }

    /** The {@code changeFeed} health contributor. */
    static final class ChangeFeedHealth extends AbstractHealthIndicator {

        private final LogFeed feed;

        private final Duration maxLag;

        private final Clock clock;

        ChangeFeedHealth(LogFeed feed, Duration maxLag, Clock clock) {
            super("Change feed health check failed");
            this.feed = feed;
            this.maxLag = maxLag;
            this.clock = clock;
        }

        @Override
        protected void doHealthCheck(Health.Builder builder) {
            Instant behindSince = feed.behindSince();
            boolean down = behindSince != null && Duration.between(behindSince, clock.instant()).compareTo(maxLag) > 0;
            (down ? builder.down() : builder.up())
                .withDetail("seq", feed.deliveredSeq())
                .withDetail("lag", feed.lag());
            if (behindSince != null) {
                builder.withDetail("behindSince", behindSince.toString());
            }
            String error = feed.lastError();
            if (error != null) {
                builder.withDetail("error", error);
            }
        }

    }

}
