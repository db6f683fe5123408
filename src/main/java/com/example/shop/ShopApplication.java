package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The t-shirt shop: the catalog over REST ({@code catalog}), kept live over STOMP and SSE
 * ({@code live}), a storefront and an admin page ({@code storefront}), guarded by
 * {@code security}, with what every endpoint shares in {@code web}.
 */
@SpringBootApplication
@OpenAPIDefinition(info = @Info(title = "Shop API", version = "1", description = """
        The t-shirt catalog. Reads are public; writes need the shop's admin over HTTP Basic. \
        Every error is RFC 9457 problem JSON. Live changes: STOMP at /ws (see /asyncapi.yaml) \
        and Server-Sent Events at /shirts/stream."""))
@SecurityScheme(name = "admin", type = SecuritySchemeType.HTTP, scheme = "basic")
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

}
