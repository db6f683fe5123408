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

/**
 * What an operator watches of the live channel: Micrometer meters (at {@code /actuator/metrics}
 * and {@code /actuator/prometheus}, both for the admin only) and the {@code changeFeed} health
 * contributor, DOWN while the feed has been behind the catalog, or unable to read it, for longer
 * than {@code shop.live.max-lag}.
 */
@Configuration(proxyBeanMethods = false)
class LiveMetrics {

    @Bean
    MeterBinder liveMeters(ChangeFeed feed, ShirtTopic topic, ShirtStream stream, LiveConnections connections) {
        return registry -> bind(registry, feed, topic, stream, connections);
    }

    private static void bind(MeterRegistry registry, ChangeFeed feed, ShirtTopic topic, ShirtStream stream,
            LiveConnections connections) {
        Gauge.builder("shop.live.connections", connections, LiveConnections::open)
            .description("Open live connections: WebSockets and Server-Sent Events streams")
            .register(registry);
        Gauge.builder("shop.live.stomp.sessions", topic, ShirtTopic::sessions)
            .description("STOMP connections that subscribed to the shirts")
            .register(registry);
        Gauge.builder("shop.live.stomp.subscriptions", topic, ShirtTopic::subscriptions)
            .description("Subscriptions to /topic/shirts")
            .register(registry);
        Gauge.builder("shop.live.sse.streams", stream, ShirtStream::streams)
            .description("Open /shirts/stream responses")
            .register(registry);
        FunctionCounter.builder("shop.live.deliveries", feed, ChangeFeed::deliveries)
            .description("Changes handed to a subscriber or stream (one per change and subscriber)")
            .register(registry);
        Gauge.builder("shop.live.feed.lag", feed, ChangeFeed::lag)
            .description("The latest committed seq minus the last seq this shop broadcast")
            .register(registry);
        Gauge.builder("shop.live.feed.seq", feed, ChangeFeed::broadcastSeq)
            .description("The last seq this shop broadcast")
            .register(registry);
    }

    @Bean
    ChangeFeedHealth changeFeedHealthIndicator(ChangeFeed feed, LiveProperties properties, Clock clock) {
        return new ChangeFeedHealth(feed, properties.maxLag(), clock);
    }

    /** The {@code changeFeed} health contributor. */
    static final class ChangeFeedHealth extends AbstractHealthIndicator {

        private final ChangeFeed feed;

        private final Duration maxLag;

        private final Clock clock;

        ChangeFeedHealth(ChangeFeed feed, Duration maxLag, Clock clock) {
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
                .withDetail("seq", feed.broadcastSeq())
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
