package com.example.shop;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/**
 * Tests that need a part from outside the build (a PostgreSQL server, a browser) are skipped, with
 * a message saying how to provide the part, when it is not configured, so a developer without it
 * still gets a green build. With {@code SHOP_REQUIRE_EXTERNALS=true} (CI sets it) they fail
 * instead, so a broken CI setup cannot silently skip them.
 * <p>
 * Use it from a JUnit {@link org.junit.jupiter.api.extension.ExecutionCondition} registered with
 * {@code @ExtendWith} on the test class (see {@link PostgresDatabase.Required}): conditions are
 * decided before Spring loads a context, so a skipped class costs nothing.
 */
public final class Externals {

    /** Set to {@code true} to turn "skipped: not configured" into a failure. */
    public static final String REQUIRE_EXTERNALS = "SHOP_REQUIRE_EXTERNALS";

    private Externals() {
    }

    /**
     * The answer of an execution condition for tests that need an external part.
     *
     * @param available whether the part is there
     * @param why what is missing when it is not, as a sentence without the full stop, e.g.
     *        "PostgreSQL tests need the environment variable SHOP_TEST_POSTGRES_URL"
     * @return enabled when available; disabled (skipped, with the reason) otherwise
     * @throws org.opentest4j.AssertionFailedError when not available and {@code SHOP_REQUIRE_EXTERNALS=true}
     */
    public static ConditionEvaluationResult condition(boolean available, String why) {
        if (available) {
            return ConditionEvaluationResult.enabled("available");
        }
        if (required()) {
            return Assertions.fail(why + ", and " + REQUIRE_EXTERNALS + "=true says they must run (as in CI).");
        }
        String reason = why + "; skipped. Set it to run them (.ci/run shows how), or set " + REQUIRE_EXTERNALS
                + "=true to make this a failure.";
        // Surefire counts a skipped class but does not print why; this line does.
        System.err.println("[externals] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Whether an environment variable is set to something. */
    public static boolean isSet(String variable) {
        String value = System.getenv(variable);
        return value != null && !value.isBlank();
    }

    /** An environment variable, or {@code defaultValue} when it is unset or blank. */
    public static String env(String variable, String defaultValue) {
        return isSet(variable) ? System.getenv(variable) : defaultValue;
    }

    /**
     * The same rule for a test that finds out at run time (for example in a static
     * {@code @BeforeAll}): returns when available, else skips the caller, or fails it when
     * {@code SHOP_REQUIRE_EXTERNALS=true}.
     */
    public static void require(boolean available, String why) {
        ConditionEvaluationResult result = condition(available, why);
        Assumptions.assumeFalse(result.isDisabled(), () -> result.getReason().orElse(why));
    }

    static boolean required() {
        return Boolean.parseBoolean(System.getenv(REQUIRE_EXTERNALS));
    }

}
