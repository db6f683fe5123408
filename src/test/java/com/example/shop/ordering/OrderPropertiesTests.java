package com.example.shop.ordering;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The order settings: their defaults, and the values refused at start-up. */
class OrderPropertiesTests {

    @EnableConfigurationProperties(OrderProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void defaultsKeepAWeekAndPruneHourly() {
        runner.run(context -> {
            OrderProperties properties = context.getBean(OrderProperties.class);
            assertThat(properties.eventsRetention()).isEqualTo(Duration.ofDays(7));
            assertThat(properties.pruneInterval()).isEqualTo(Duration.ofHours(1));
        });
        // Keeping only the latest event is allowed.
        runner.withPropertyValues("shop.orders.events-retention=0s").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aNegativeRetentionOrAnIntervalUnderASecondIsRefusedAtStartUpNamingTheProperty() {
        runner.withPropertyValues("shop.orders.events-retention=-1s")
            .run(context -> assertThat(context).getFailure().hasStackTraceContaining("shop.orders.events-retention"));
        runner.withPropertyValues("shop.orders.prune-interval=0s")
            .run(context -> assertThat(context).getFailure().hasStackTraceContaining("shop.orders.prune-interval"));
    }

}
