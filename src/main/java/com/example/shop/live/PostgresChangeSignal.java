package com.example.shop.live;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

import com.example.shop.catalog.ShirtChanged;
import com.example.shop.live.feed.DatabaseSignal;
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
 * <p>
 * The same connection listens on the channels of the other {@link DatabaseSignal}s (the order
 * events, the carts), and {@link #send} sends on them: one listening connection per shop.
 */
@Component
class PostgresChangeSignal implements SmartLifecycle, DatabaseSignal.Sender {

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

    // The other signals, by channel; found at start: their owners send through this bean.
    private final ObjectProvider<DatabaseSignal> others;

    private volatile Map<String, DatabaseSignal> signals = Map.of();

    PostgresChangeSignal(LiveHub hub, CatalogLog log, DataSource source, DataSourceProperties dataSource, LiveProperties properties,
            ObjectProvider<DatabaseSignal> others) {
        this.feed = hub.feed(log);
        this.others = others;
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

    @Override
    public void send(String channel, String payload) {
        if (postgres) {
            jdbc.query("SELECT pg_notify(?, ?)", rs -> null, channel, payload);
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
                    for (String channel : signals.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                if (warned) {
                    log.info("Listening for catalog changes on PostgreSQL again");
                }
                warned = false;
                backoff = 100;
                // Whatever was committed while nobody listened.
                feed.wake();
                signals.values().forEach(DatabaseSignal::reconnected);
                PGConnection pg = listening.unwrap(PGConnection.class);
                int timeout = (int) Math.max(100, properties.pollInterval().toMillis());
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(timeout);
                    if (notifications != null && notifications.length > 0) {
                        boolean catalog = false;
                        for (PGNotification notification : notifications) {
                            DatabaseSignal signal = signals.get(notification.getName());
                            if (signal == null) {
                                catalog = true;
                            }
                            else {
                                deliver(signal, notification.getParameter());
                            }
                        }
                        if (catalog) {
                            feed.wake();
                        }
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

    private static void deliver(DatabaseSignal signal, String payload) {
        try {
            signal.received(payload);
        }
        catch (RuntimeException ex) {
            // One receiver's failure must not stop the listening of all the others.
            log.warn("The receiver of database signal {} failed: {}", signal.channel(), ex.getMessage());
        }
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

    private static Map<String, DatabaseSignal> byChannel(List<DatabaseSignal> signals) {
        Map<String, DatabaseSignal> byChannel = new HashMap<>();
        for (DatabaseSignal signal : signals) {
            if (!signal.channel().matches("[a-z_][a-z0-9_]*") || signal.channel().equals(CHANNEL)
                    || byChannel.putIfAbsent(signal.channel(), signal) != null) {
                throw new IllegalStateException("A database signal needs a channel name of its own: " + signal.channel());
            }
        }
        return Map.copyOf(byChannel);
    }

    @Override
    public void start() {
        if (!postgres) {
            return;
        }
        signals = byChannel(others.orderedStream().toList());
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
