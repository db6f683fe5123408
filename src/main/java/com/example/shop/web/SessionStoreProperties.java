package com.example.shop.web;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The session store's own connections, under {@code shop.session}.
 *
 * @param poolSize the most connections the session store (Spring Session JDBC) holds, apart from
 *        the pool of the shop's other work; at least 1
 */
@ConfigurationProperties("shop.session")
@Validated
public record SessionStoreProperties(@DefaultValue("4") @Min(1) int poolSize) {
}
