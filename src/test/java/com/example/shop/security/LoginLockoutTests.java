package com.example.shop.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import com.example.shop.ShopClient;
import com.example.shop.ShopTest;
import com.example.shop.ShopClient.Response;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing, against the running shop: ten failed logins from one client address, over
 * HTTP Basic and the login form alike, lock that address out with 429 and {@code Retry-After},
 * without any password being checked, while the admin elsewhere goes on. Each test is its own
 * client address, named in {@code X-Forwarded-For} (the test profile believes it, as behind a
 * proxy), so the tests share one application context with the other end-to-end tests.
 */
@ShopTest
class LoginLockoutTests {

    /** Documentation addresses (RFC 5737), a fresh one per use in this JVM. */
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

    @LocalServerPort
    int port;

    @Value("${shop.admin.password}")
    String password;

    @Autowired
    ConfigurableApplicationContext context;

    ShopClient client;

    /** Every authentication the shop attempted: only an attempt checks a password (bcrypt). */
    final List<AbstractAuthenticationEvent> authentications = new CopyOnWriteArrayList<>();

    final ApplicationListener<AbstractAuthenticationEvent> recorder = authentications::add;

    @BeforeEach
    void client() {
        client = new ShopClient(port, password);
        context.addApplicationListener(recorder);
    }

    @AfterEach
    void stopRecording() {
        context.removeApplicationListener(recorder);
    }

    @Test
    void tenFailedLoginsLockTheAddressOutWithoutAPasswordCheck() {
        String guesser = address();
        for (int i = 1; i <= 10; i++) {
            Response failed = i % 2 == 0 ? basic(guesser, "guess-" + i) : form(guesser, "guess-" + i);
            assertProblem(failed, 401);
        }
        assertThat(attemptsFrom(guesser)).hasSize(10);

        for (Response refused : List.of(basic(guesser, "guess-11"), form(guesser, "guess-12"), basic(guesser, password),
                form(guesser, password),
                // Basic credentials on a public URL are checked all the same, so they are refused too.
                client.get("/shirts", "X-Forwarded-For", guesser, "Authorization", basicAuthorization("admin", "guess-13")))) {
            assertProblem(refused, 429);
            long retryAfter = Long.parseLong(refused.header("Retry-After"));
            assertThat(retryAfter).isBetween(1L, 15 * 60L);
            assertThat(refused.json().get("title").asString()).isEqualTo("Too many failed logins");
            assertThat(refused.json().get("detail").asString()).contains(retryAfter + " seconds");
        }
        // None of those got as far as a password check.
        assertThat(attemptsFrom(guesser)).hasSize(10);

        // Reads need no login, so they go on from there.
        assertThat(client.get("/shirts", "X-Forwarded-For", guesser).status()).isEqualTo(200);
        // The admin from another address is not locked out, over Basic or the form.
        String admin = address();
        assertThat(basic(admin, password).status()).isEqualTo(200);
        Response loggedIn = form(admin, password);
        assertThat(loggedIn.status()).as(loggedIn.toString()).isEqualTo(302);
        assertThat(loggedIn.header("Location")).endsWith("/admin");
    }

    @Test
    void aSuccessfulLoginResetsTheCount() {
        String typist = address();
        for (int i = 0; i < 9; i++) {
            assertProblem(basic(typist, "typo-" + i), 401);
        }
        assertThat(form(typist, password).status()).isEqualTo(302);
        for (int i = 0; i < 9; i++) {
            assertProblem(form(typist, "typo-" + i), 401);
        }
        assertThat(basic(typist, password).status()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            assertProblem(basic(typist, "typo-" + i), 401);
        }
        assertProblem(basic(typist, password), 429);
    }

    /** An admin-only read with HTTP Basic credentials, from {@code address}. */
    private Response basic(String address, String password) {
        return client.anonymous("GET", "/actuator/metrics").basic(ShopClient.ADMIN, password)
            .header("X-Forwarded-For", address).send();
    }

    /** The login form posted from {@code address}, as curl would (a browser adds the CSRF token). */
    private Response form(String address, String password) {
        return client.anonymous("POST", "/login").header("X-Forwarded-For", address)
            .body("application/x-www-form-urlencoded", "username=admin&password=" + password).send();
    }

    private List<AbstractAuthenticationEvent> attemptsFrom(String address) {
        return authentications.stream()
            .filter(event -> event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                    && address.equals(details.getRemoteAddress()))
            .toList();
    }

    private static String address() {
        int n = NEXT_ADDRESS.getAndIncrement();
        return "203.0.113." + n;
    }

    private static String basicAuthorization(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

}
