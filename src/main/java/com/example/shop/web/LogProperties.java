package com.example.shop.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The shop's own logging, under {@code shop.log}.
 *
 * @param warnInterval the most often one kind of warning that clients can cause (a refused STOMP
 *        frame, a subscriber disconnected for not reading) is written; the ones left out meanwhile
 *        are counted in the next line of that kind ({@link RateLimitedLog}). Zero writes them all
 */
@ConfigurationProperties("shop.log")
public record LogProperties(@DefaultValue("10s") Duration warnInterval) {
}
