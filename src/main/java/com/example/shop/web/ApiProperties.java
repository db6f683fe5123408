package com.example.shop.web;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings every endpoint shares, under {@code shop.api}.
 *
 * @param maxRequestSize the largest request body; larger ones are refused with 413 before anything
 *        reads them
 * @param maxSortKeys the most sort keys a list request may give ({@code sort=} values); each adds
 *        a comparison to every pair of rows the database orders, so more are refused with 400; at
 *        least 1, which the default order itself needs
 */
@ConfigurationProperties("shop.api")
@Validated
public record ApiProperties(@DefaultValue("64KB") DataSize maxRequestSize, @DefaultValue("3") @Min(1) int maxSortKeys) {
}
