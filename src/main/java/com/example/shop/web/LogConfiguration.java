package com.example.shop.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** {@code shop.log.*}, for the features that write warnings through a {@link RateLimitedLog}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LogProperties.class)
class LogConfiguration {

}
