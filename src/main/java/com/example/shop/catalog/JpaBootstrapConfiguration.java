package com.example.shop.catalog;

import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Builds Hibernate's EntityManagerFactory on a thread of its own, while the main thread goes on
 * creating the web server, security and the STOMP broker: Hibernate's bootstrap is the largest
 * single part of the start-up, and nothing but the repositories needs it before the first request.
 * With {@code spring.data.jpa.repositories.bootstrap-mode=deferred} the repositories wait for it at
 * the end of the start-up instead of at their creation. Boot's own executor for this,
 * {@code applicationTaskExecutor}, is not created here, because the STOMP channels define executors.
 */
@Configuration(proxyBeanMethods = false)
class JpaBootstrapConfiguration {

    @Bean
    EntityManagerFactoryBuilderCustomizer backgroundJpaBootstrap() {
        return builder -> builder.setBootstrapExecutor(new SimpleAsyncTaskExecutor("jpa-bootstrap-"));
    }

}
