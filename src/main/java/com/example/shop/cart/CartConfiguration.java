package com.example.shop.cart;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CartProperties.class)
class CartConfiguration {

    /**
     * Releases expired holds every {@code shop.cart.release-interval}, then deletes the carts that
     * hold nothing any more.
     */
    @Bean
    SchedulingConfigurer cartHoldRelease(ObjectProvider<Carts> carts, CartProperties properties) {
        Duration interval = properties.releaseInterval();
        return tasks -> tasks.addFixedDelayTask(new FixedDelayTask(() -> {
            try {
                carts.getObject().releaseExpired();
                carts.getObject().prune();
            }
            catch (RuntimeException ex) {
                // The database away: the next interval tries again, and nothing expired is forgotten.
                org.slf4j.LoggerFactory.getLogger(Carts.class).warn("Could not release expired holds: {}", ex.getMessage());
            }
        }, interval, interval));
    }

}
