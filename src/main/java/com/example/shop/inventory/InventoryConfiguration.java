package com.example.shop.inventory;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AvailabilityProperties.class)
class InventoryConfiguration {

    /** Reads availability and publishes its changes every {@code shop.live.availability-interval}. */
    @Bean
    SchedulingConfigurer availabilityChanges(ObjectProvider<Availability> availability, AvailabilityProperties properties) {
        Duration interval = properties.availabilityInterval();
        return tasks -> tasks.addFixedDelayTask(
                new FixedDelayTask(() -> availability.getObject().publishChanges(), interval, interval));
    }

}
