package com.example.shop.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The session store's own connections, under {@code shop.session}.
 *
 * @param poolSize the most connections the session store (Spring Session JDBC: every request's
 *        session, the live connections' session check, the cleanup of expired sessions) holds,
 *        apart from the pool of the shop's other work; at least 1
 * @param connectionTimeout the longest a request waits for one of them before it is answered 503;
 *        at most the main pool's, at least 250 ms (HikariCP's least)
 */
@ConfigurationProperties("shop.session")
@Validated
public record SessionStoreProperties(@DefaultValue("4") @Min(1) int poolSize,
        @DefaultValue("3s") @DurationMin(millis = 250) Duration connectionTimeout) {
}
