package com.example.shop.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.example.shop.web.ClientAddress;
import com.example.shop.web.ClientAddressProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** The counting of failed logins, on a clock the test moves: windows, lockouts and resets. */
class FailedLoginsTests {

    static final String GUESSER = "203.0.113.7";

    static final String ADMIN = "198.51.100.1";

    static final ClientAddress PER_64 = new ClientAddress(new ClientAddressProperties(List.of(), 64));

    final AtomicLong now = new AtomicLong(Duration.ofDays(1).toNanos());

    final FailedLogins failedLogins = new FailedLogins(new AdminProperties("admin", null, 10, Duration.ofMinutes(15)),
            PER_64, now::get);

    @Test
    void theTenthFailureLocksTheAddressOutForTheLockout() {
        fail(GUESSER, 9);
        assertThat(failedLogins.lockedOut(GUESSER)).isNull();
        fail(GUESSER, 1);
        assertThat(failedLogins.lockedOut(GUESSER)).isEqualTo(Duration.ofMinutes(15));
        assertThat(failedLogins.lockedOut(ADMIN)).isNull();

        pass(Duration.ofMinutes(14));
        assertThat(failedLogins.lockedOut(GUESSER)).isEqualTo(Duration.ofMinutes(1));
        pass(Duration.ofMinutes(1));
        assertThat(failedLogins.lockedOut(GUESSER)).isNull();
        // Counting starts over: one more failure is the first.
        fail(GUESSER, 1);
        assertThat(failedLogins.lockedOut(GUESSER)).isNull();
    }

    @Test
    void failuresCountWithinTheLockoutOfTheFirst() {
        fail(GUESSER, 5);
        pass(Duration.ofMinutes(10));
        fail(GUESSER, 4);
        pass(Duration.ofMinutes(5));
        // The first five are older than the lockout by now: this is the fifth in the new window.
        fail(GUESSER, 1);
        assertThat(failedLogins.lockedOut(GUESSER)).isNull();
        fail(GUESSER, 8);
        assertThat(failedLogins.lockedOut(GUESSER)).isNull();
        fail(GUESSER, 1);
        assertThat(failedLogins.lockedOut(GUESSER)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theAddressesOfOneIpv6Slash64AreOneClient() {
        // Ten guesses, each from a new address of the same /64, as anyone with one could make.
        for (int i = 1; i <= 10; i++) {
            failedLogins.failed("2001:db8:7:7::" + Integer.toHexString(i));
        }
        assertThat(failedLogins.lockedOut("2001:db8:7:7:ffff:ffff:ffff:ffff")).isEqualTo(Duration.ofMinutes(15));
        assertThat(failedLogins.lockedOut("2001:db8:7:8::1")).isNull();
        failedLogins.succeeded("2001:db8:7:7::abc");
        assertThat(failedLogins.lockedOut("2001:db8:7:7::1")).isNull();
    }

    @Test
    void aSuccessfulLoginForgetsTheFailures() {
        fail(GUESSER, 9);
        failedLogins.succeeded(GUESSER);
        fail(GUESSER, 9);
        assertThat(failedLogins.lockedOut(GUESSER)).isNull();
        fail(GUESSER, 1);
        assertThat(failedLogins.lockedOut(GUESSER)).isNotNull();
    }

    @Test
    void theLimitAndTheLockoutAreConfigurable() {
        var strict = new FailedLogins(new AdminProperties("admin", null, 3, Duration.ofSeconds(30)), PER_64, now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(strict.lockedOut(GUESSER)).isNull();
            strict.failed(GUESSER);
        }
        assertThat(strict.lockedOut(GUESSER)).isEqualTo(Duration.ofSeconds(30));
        pass(Duration.ofSeconds(30));
        assertThat(strict.lockedOut(GUESSER)).isNull();
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            failedLogins.failed(address);
        }
    }

    private void pass(Duration time) {
        now.addAndGet(time.toNanos());
    }

}
