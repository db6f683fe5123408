package com.example.shop.catalog.web;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Another writer, in tests: holds the catalog's sequence row, as every write does while it runs. */
final class CatalogLock {

    private CatalogLock() {
    }

    /** Runs {@code whileHeld} while another transaction holds the catalog's lock, then lets it go. */
    static void hold(TransactionTemplate transactions, JdbcTemplate jdbc, Runnable whileHeld) throws Exception {
        var locked = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT last_seq FROM catalog_sequence WHERE id = 1 FOR UPDATE", Long.class);
            locked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            whileHeld.run();
        }
        finally {
            release.countDown();
            other.get(30, TimeUnit.SECONDS);
        }
    }

}
