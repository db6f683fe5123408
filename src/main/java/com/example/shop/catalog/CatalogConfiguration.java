package com.example.shop.catalog;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ CatalogProperties.class, CatalogSnapshotProperties.class })
@EnableScheduling
class CatalogConfiguration {

    /**
     * Prunes the change log and the idempotency keys every {@code shop.catalog.prune-interval}. A
     * task registered here rather than {@code @Scheduled}, whose interval would be a placeholder
     * string with its own default next to the one in {@link CatalogProperties}.
     */
    @Bean
    SchedulingConfigurer catalogPruning(ObjectProvider<Catalog> catalog, CatalogProperties properties) {
        Duration interval = properties.pruneInterval();
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(() -> catalog.getObject().prune(), interval, interval));
    }

    // A plain bean: @ConditionalOnMissingBean is for auto-configuration, whose ordering it relies on.
    // Tests that move time declare their own Clock as @Primary.
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

}
