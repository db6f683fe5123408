package com.example.shop;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a part from outside the build (a PostgreSQL server, a browser) call this first,
 * in a static {@code @BeforeAll}, before any Spring context is loaded. When the part is not
 * configured they are skipped with a message saying how to configure it, so a developer without
 * it still gets a green build; but with {@code SHOP_REQUIRE_EXTERNALS=true} (as CI sets it) they
 * fail, so a broken CI setup cannot silently skip them.
 */
public final class Externals {

    /** Set to {@code true} to turn "skipped: not configured" into a failure. */
    public static final String REQUIRE_EXTERNALS = "SHOP_REQUIRE_EXTERNALS";

    private Externals() {
    }

    /**
     * The value of an environment variable that configures an external part.
     *
     * @param variable the environment variable
     * @param part what it configures, for the message, e.g. "PostgreSQL tests"
     * @return the value, never blank
     */
    public static String env(String variable, String part) {
        String value = System.getenv(variable);
        require(value != null && !value.isBlank(), part + " need the environment variable " + variable);
        return value;
    }

    /** Like {@link #env}, for an optional setting of a part already required: the default when unset. */
    public static String env(String variable, String part, String defaultValue) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    /**
     * Skips the calling test (or test class, from {@code @BeforeAll}) when {@code available} is
     * false, or fails it when {@code SHOP_REQUIRE_EXTERNALS=true}.
     *
     * @param available whether the external part is there
     * @param why what is missing, as a sentence without the full stop
     */
    public static void require(boolean available, String why) {
        if (available) {
            return;
        }
        if (required()) {
            Assertions.fail(why + ", and " + REQUIRE_EXTERNALS + "=true says they must run (as in CI).");
        }
        Assumptions.abort(why + "; skipped. Set it to run them (.ci/run shows how), or set "
                + REQUIRE_EXTERNALS + "=true to make this a failure.");
    }

    static boolean required() {
        return Boolean.parseBoolean(System.getenv(REQUIRE_EXTERNALS));
    }

}
