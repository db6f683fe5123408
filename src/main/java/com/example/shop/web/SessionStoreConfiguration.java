package com.example.shop.web;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The session store (Spring Session JDBC) on a small pool of its own, to the same database, in
 * plain JDBC transactions.
 * <p>
 * Every request reads its session before the controller and saves it (at least the time it was
 * last used) as its answer is written. On the shop's one pool, in a rush, that save waited behind
 * the controllers' work for a connection, and when it gave up the answer already decided (a 200,
 * a 409) became a 500. On a pool of its own a session's two short statements do not wait behind
 * a checkout, and the controllers' connections are theirs. Spring Session takes both through its
 * own qualifiers ({@link SpringSessionDataSource}, the bean named
 * {@code springSessionTransactionOperations}); neither is a default candidate, so the application
 * and Spring Boot's auto-configuration see one DataSource and one transaction manager, as before.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionStoreProperties.class)
class SessionStoreConfiguration {

    /** The session store's pool, by a name of its own in the logs and the pool metrics. */
    static final String POOL_NAME = "session-store";

    private static final Logger log = LoggerFactory.getLogger(SessionStoreConfiguration.class);

    @Bean(defaultCandidate = false)
    @SpringSessionDataSource
    DataSource sessionStoreDataSource(DataSource dataSource, SessionStoreProperties properties) {
        HikariDataSource shop = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class, HikariDataSource.class);
        if (shop == null) {
            log.warn("The DataSource is not a HikariCP pool: the session store shares its connections");
            return new DelegatingDataSource(dataSource);
        }
        // The same database, user and settings (connection set-up SQL), fewer connections, and a
        // wait for one no longer than the main pool's.
        HikariConfig config = new HikariConfig();
        shop.copyStateTo(config);
        config.setPoolName(POOL_NAME);
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Math.min(shop.getConnectionTimeout(), properties.connectionTimeout().toMillis()));
        return new HikariDataSource(config);
    }

    /** Each session statement in a transaction of its own, as Spring Session's default one does. */
    @Bean(defaultCandidate = false)
    TransactionOperations springSessionTransactionOperations(@SpringSessionDataSource DataSource sessionStore) {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(sessionStore));
        transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return transactions;
    }

}
