package com.example.shop;

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

    /** The configured server; only call it from a class guarded by {@link Required}. */
    public static PostgresDatabase fromEnvironment() {
        if (!Externals.isSet(URL)) {
            throw new IllegalStateException(URL + " is not set: guard the test class with PostgresDatabase.Required");
        }
        return new PostgresDatabase(System.getenv(URL), Externals.env("SHOP_TEST_POSTGRES_USER", "shop"),
                Externals.env("SHOP_TEST_POSTGRES_PASSWORD", "shop"));
    }

    /** Points the {@code postgres} profile's placeholders at the configured server. */
    public static void register(DynamicPropertyRegistry registry) {
        PostgresDatabase database = fromEnvironment();
        registry.add("POSTGRES_URL", database::url);
        registry.add("POSTGRES_USER", database::username);
        registry.add("POSTGRES_PASSWORD", database::password);
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
