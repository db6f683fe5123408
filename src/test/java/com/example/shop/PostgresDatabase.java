package com.example.shop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL server the PostgreSQL tests run against, from {@code SHOP_TEST_POSTGRES_URL},
 * {@code SHOP_TEST_POSTGRES_USER} and {@code SHOP_TEST_POSTGRES_PASSWORD} ({@code .ci/run} starts
 * one and sets them). The embedded PostgreSQL of the test libraries refuses to run as root, as CI
 * does, so the tests use a server of the machine.
 * <p>
 * A test class puts {@code @ExtendWith(PostgresDatabase.Required.class)} on itself and passes
 * {@link #register} to a {@code @DynamicPropertySource}.
 */
public record PostgresDatabase(String url, String username, String password) {

    static final String URL = "SHOP_TEST_POSTGRES_URL";

    /** The command that stops and starts the server, such as {@code pg_ctlcluster 15 main}. */
    static final String CONTROL = "SHOP_TEST_POSTGRES_CTL";

    /** The configured server; only call it from a class guarded by {@link Required}. */
    public static PostgresDatabase fromEnvironment() {
        if (!Externals.isSet(URL)) {
            throw new IllegalStateException(URL + " is not set: guard the test class with PostgresDatabase.Required");
        }
        return new PostgresDatabase(System.getenv(URL), Externals.env("SHOP_TEST_POSTGRES_USER", "shop"),
                Externals.env("SHOP_TEST_POSTGRES_PASSWORD", "shop"));
    }

    /**
     * Points the {@code postgres} profile's placeholders at a new schema of the configured server
     * (see {@link #withNewSchema}): each test context works on a freshly migrated catalog of its
     * own, whatever other test classes, or other builds on the same server, do meanwhile. The
     * schema is dropped when the JVM exits.
     */
    public static void register(DynamicPropertyRegistry registry) {
        PostgresDatabase database = fromEnvironment().withNewSchema("test");
        Runtime.getRuntime().addShutdownHook(new Thread(database::dropSchemaQuietly, "drop-test-schema"));
        registry.add("POSTGRES_URL", database::url);
        registry.add("POSTGRES_USER", database::username);
        registry.add("POSTGRES_PASSWORD", database::password);
    }

    /**
     * Creates a new, empty schema and answers the same server with it as the current schema (the
     * {@code currentSchema} parameter of the URL): Flyway migrates into it and the shop works in
     * it, so a test class sees its own catalog and its own seq, whoever else uses the database.
     * The role needs CREATE on the database, which its owner has.
     */
    public PostgresDatabase withNewSchema(String prefix) {
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        return new PostgresDatabase(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, username,
                password);
    }

    /** Drops the schema this URL names as its current schema, with everything in it. */
    public void dropSchema() {
        execute("DROP SCHEMA IF EXISTS " + schema() + " CASCADE");
    }

    private String schema() {
        int at = url.indexOf("currentSchema=");
        if (at < 0) {
            throw new IllegalStateException("No schema of its own: " + url);
        }
        return url.substring(at + "currentSchema=".length()).split("&")[0];
    }

    private void dropSchemaQuietly() {
        try {
            // The shop may still be closing: wait a little for its locks, never hang the exit.
            execute("SET lock_timeout = '5s'; DROP SCHEMA IF EXISTS " + schema() + " CASCADE");
        }
        catch (RuntimeException ex) {
            System.err.println("Could not drop the test schema " + schema() + ": " + ex.getMessage());
        }
    }

    /** A new connection of its own, outside any shop. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    private void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Skips (or, in CI, fails) a test that stops and starts the server unless
     * {@code SHOP_TEST_POSTGRES_CTL} names the command that does it; see {@link Externals}.
     */
    public static void requireControl() {
        Externals.require(Externals.isSet(CONTROL), "Tests that stop and start PostgreSQL need the environment variable "
                + CONTROL + ", a command that takes 'stop -m fast' and 'start' (such as \"pg_ctlcluster 15 main\")");
    }

    /** Stops the server at once, as {@code pg_ctl stop -m fast} does: sessions are ended, nothing waits. */
    public static void stopServer() {
        control("stop", "-m", "fast");
    }

    /** Starts the server again, unless it is running; returns once the command has. */
    public static void startServer() {
        try {
            control("start");
        }
        catch (IllegalStateException ex) {
            // Already running (a stop that failed): fine. Not running: that failure.
            try {
                control("status");
            }
            catch (IllegalStateException notRunning) {
                ex.addSuppressed(notRunning);
                throw ex;
            }
        }
    }

    private static void control(String... action) {
        List<String> command = new ArrayList<>(Arrays.asList(System.getenv(CONTROL).strip().split("\\s+")));
        command.addAll(List.of(action));
        try {
            // To a file, not a pipe: the server it starts must not hold the test's pipe open.
            Path log = Files.createTempFile("postgres-control-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 60 s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + process.exitValue() + ": " + output);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Runs the tests only when a server is configured; see {@link Externals}. */
    public static final class Required implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Externals.condition(Externals.isSet(URL), "PostgreSQL tests need the environment variable " + URL
                    + " (with SHOP_TEST_POSTGRES_USER and SHOP_TEST_POSTGRES_PASSWORD)");
        }

    }

}
