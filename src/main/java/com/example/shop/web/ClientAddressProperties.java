package com.example.shop.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the shop takes a client's address from, and how it groups addresses for the per-address
 * limits (the failed-login lockout, the live connection caps), under {@code shop.web}.
 *
 * @param trustedProxies the reverse proxies whose forwarded headers ({@code X-Forwarded-For},
 *        {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}, {@code X-Forwarded-Port}) are
 *        believed: addresses ({@code 10.0.0.5}) or CIDR ranges ({@code 10.0.0.0/24},
 *        {@code fd00::/8}). Empty, the default: the headers are ignored, whoever sends them, and
 *        the client is the peer of the connection. The standard {@code Forwarded} header is never
 *        read (see {@link TrustedProxiesConfiguration})
 * @param ipv6Prefix how many leading bits of an IPv6 address name one client: one household or
 *        server commonly holds a whole /64, so counting its addresses one by one would hand it
 *        2<sup>64</sup> quotas. IPv4 addresses always count one by one
 */
@ConfigurationProperties("shop.web")
public record ClientAddressProperties(@DefaultValue List<String> trustedProxies, @DefaultValue("64") int ipv6Prefix) {

    public ClientAddressProperties {
        if (ipv6Prefix < 1 || ipv6Prefix > 128) {
            throw new IllegalArgumentException("shop.web.ipv6-prefix must be between 1 and 128, not " + ipv6Prefix);
        }
        trustedProxies = List.copyOf(trustedProxies);
    }

}
