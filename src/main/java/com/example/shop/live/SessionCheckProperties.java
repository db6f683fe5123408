package com.example.shop.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How soon a live connection whose HTTP session ended is closed, under {@code shop.live}.
 *
 * @param sessionCheck how often the sessions of open live connections are looked up; a connection
 *        whose session ended (logout, expiry, a login that changed its id) is closed within this, and
 *        the sessions of connections heard from since the previous look are marked accessed, so keep
 *        it well below the session timeout
 */
@ConfigurationProperties("shop.live")
record SessionCheckProperties(@DefaultValue("30s") Duration sessionCheck) {
}
