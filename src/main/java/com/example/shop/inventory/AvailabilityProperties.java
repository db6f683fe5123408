package com.example.shop.inventory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How availability goes live, under {@code shop.live} beside the other live settings.
 *
 * @param availabilityInterval how often the stock is read for changes (in every shop, so a hold
 *        made through another shop is seen too), and the least time between two availability
 *        messages: changes within one interval go out together, each size with its latest number
 */
@ConfigurationProperties("shop.live")
public record AvailabilityProperties(@DefaultValue("200ms") Duration availabilityInterval) {
}
