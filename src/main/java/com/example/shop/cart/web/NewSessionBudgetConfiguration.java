package com.example.shop.cart.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import com.example.shop.cart.CartProperties;
import com.example.shop.web.ClientAddress;
import com.example.shop.web.ProblemResponses;

import com.github.benmanes.caffeine.cache.Ticker;

@Configuration(proxyBeanMethods = false)
class NewSessionBudgetConfiguration {

    /**
     * Inside a session store's filter (Spring Session's runs at {@code Integer.MIN_VALUE + 50}), so
     * that the sessions it counts are the ones that store makes, and well before Spring Security
     * (-100), which makes sessions too.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 60;

    @Bean
    FilterRegistrationBean<NewSessionBudgetFilter> newSessionBudgetFilter(CartProperties properties,
            ClientAddress clientAddress, ProblemResponses problems) {
        int budget = properties.maxNewSessionsPerAddressPerMinute();
        var registration = new FilterRegistrationBean<>(new NewSessionBudgetFilter(
                new NewSessions(budget, Ticker.systemTicker()), budget, clientAddress, problems));
        registration.setOrder(ORDER);
        return registration;
    }

}
