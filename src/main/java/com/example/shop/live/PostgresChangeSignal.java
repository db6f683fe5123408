package com.example.shop.live;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

import com.example.shop.catalog.ShirtChanged;
import com.example.shop.live.feed.LogFeed;
import com.example.shop.live.hub.LiveHub;

/**
 * Wakes the change feed of every shop on one PostgreSQL database when any of them commits a change:
 * each change sends {@code NOTIFY} inside the transaction that makes it (so PostgreSQL delivers it
 * only on commit, and never for a rollback), and each shop {@code LISTEN}s on a connection of its
 * own and wakes its catalog's {@link LogFeed}. The notification carries nothing the feed needs: the feed
 * reads the change log from where it was, so a lost or merged notification costs only latency, up
 * to {@code shop.live.poll-interval}.
 * <p>
 * On any other database (the embedded H2) this does nothing: one shop, woken by its own commits.
 * The listening connection is reopened when it breaks (a PostgreSQL restart), and the feed is woken
 * then, to read what was committed meanwhile.
 */
@Component
class PostgresChangeSignal implements SmartLifecycle {

    static final String CHANNEL = "shop_catalog_changes";

    private static final Logger log = LoggerFactory.getLogger(PostgresChangeSignal.class);

    private final LogFeed feed;

    private final JdbcTemplate jdbc;

    private final DataSourceProperties dataSource;

    private final LiveProperties properties;

    private final boolean postgres;

    private volatile boolean running;

    private volatile @Nullable Thread thread;

    private volatile @Nullable Connection connection;

    private volatile CountDownLatch stopped = new CountDownLatch(1);

    PostgresChangeSignal(LiveHub hub, CatalogLog log, DataSource source, DataSourceProperties dataSource, LiveProperties properties) {
        this.feed = hub.feed(log);
        this.jdbc = new JdbcTemplate(source);
        this.dataSource = dataSource;
        this.properties = properties;
        this.postgres = isPostgres(source);
    }

    private static boolean isPostgres(DataSource source) {
        try {
            return "PostgreSQL".equals(JdbcUtils.extractDatabaseMetaData(source, DatabaseMetaData::getDatabaseProductName));
        }
        catch (Exception ex) {
            return false;
        }
    }

    /** Runs inside the catalog's transaction, on its connection: delivered when, and only if, it commits. */
    @EventListener
    void on(ShirtChanged change) {
        if (postgres) {
            jdbc.query("SELECT pg_notify(?, ?)", rs -> null, CHANNEL, Long.toString(change.seq()));
        }
    }

    private void listen() {
        long backoff = 100;
        boolean warned = false;
        while (running) {
            try (Connection listening = DriverManager.getConnection(dataSource.determineUrl(),
                    dataSource.determineUsername(), dataSource.determinePassword())) {
                connection = listening;
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                if (warned) {
                    log.info("Listening for catalog changes on PostgreSQL again");
                }
                warned = false;
                backoff = 100;
                // Whatever was committed while nobody listened.
                feed.wake();
                PGConnection pg = listening.unwrap(PGConnection.class);
                int timeout = (int) Math.max(100, properties.pollInterval().toMillis());
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(timeout);
                    if (notifications != null && notifications.length > 0) {
                        feed.wake();
                    }
                    else if (listening.isClosed()) {
                        break;
                    }
                }
            }
            catch (SQLException | RuntimeException ex) {
                if (running && !warned) {
                    log.warn("Not listening for catalog changes on PostgreSQL ({}); reconnecting, and the change feed polls meanwhile",
                            ex.getMessage());
                    warned = true;
                }
            }
            finally {
                connection = null;
            }
            if (running) {
                pause(backoff);
                backoff = Math.min(backoff * 2, 5000);
            }
        }
        stopped.countDown();
    }

    private void pause(long millis) {
        try {
            // Returns at once when stopped.
            stopped.await(millis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void start() {
        if (!postgres) {
            return;
        }
        running = true;
        stopped = new CountDownLatch(1);
        Thread listener = new Thread(this::listen, "catalog-listen");
        listener.setDaemon(true);
        thread = listener;
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        Connection listening = connection;
        if (listening != null) {
            try {
                listening.close();
            }
            catch (SQLException ex) {
                log.debug("Closing the listening connection: {}", ex.getMessage());
            }
        }
        stopped.countDown();
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

}
