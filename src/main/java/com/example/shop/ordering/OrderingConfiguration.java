package com.example.shop.ordering;

import java.time.Duration;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrderProperties.class)
class OrderingConfiguration {

    /**
     * Prunes the order-events log every {@code shop.orders.prune-interval}. A task registered here
     * rather than {@code @Scheduled}, as the catalog's is, so the interval has one default: the one
     * in {@link OrderProperties}.
     */
    @Bean
    SchedulingConfigurer orderEventsPruning(ObjectProvider<OrderEvents> events, OrderProperties properties) {
        Duration interval = properties.pruneInterval();
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(() -> {
            try {
                events.getObject().prune();
            }
            catch (RuntimeException ex) {
                // The database away: the next interval prunes what this one would have.
                LoggerFactory.getLogger(OrderEvents.class).warn("Could not prune the order-events log: {}", ex.getMessage());
            }
        }, interval, interval));
    }

}
