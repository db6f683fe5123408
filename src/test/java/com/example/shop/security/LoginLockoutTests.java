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
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import tools.jackson.databind.JsonNode;

import static com.example.shop.ShopFixture.header;
import static com.example.shop.ShopFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;
import static org.springframework.http.HttpHeaders.LOCATION;

/**
 * Password guessing, against the running shop: ten failed logins from one client address, over
 * HTTP Basic and the login form alike, lock that address out with 429 and {@code Retry-After},
 * without any password being checked, while the admin elsewhere goes on. Each test is its own
 * client address, named in {@code X-Forwarded-For} (the test profile trusts 127.0.0.1, where the
 * tests connect from, as a proxy), so the tests share one application context with the other
 * end-to-end tests. Clients that are not the proxy are tried in {@link ForwardedAddressTests}.
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

    RestTestClient client;

    /** Every authentication the shop attempted: only an attempt checks a password (bcrypt). */
    final List<AbstractAuthenticationEvent> authentications = new CopyOnWriteArrayList<>();

    final ApplicationListener<AbstractAuthenticationEvent> recorder = authentications::add;

    @BeforeEach
    void client() {
        client = ShopFixture.client(port);
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
            ResponseSpec failed = i % 2 == 0 ? basic(guesser, "guess-" + i) : form(guesser, "guess-" + i);
            assertProblem(failed, 401);
        }
        assertThat(attemptsFrom(guesser)).hasSize(10);

        for (ResponseSpec refused : List.of(basic(guesser, "guess-11"), form(guesser, "guess-12"), basic(guesser, password),
                form(guesser, password),
                // Basic credentials on a public URL are checked all the same, so they are refused too.
                client.get().uri("/shirts").header("X-Forwarded-For", guesser)
                    .header("Authorization", basicAuthorization("admin", "guess-13")).exchange())) {
            assertProblem(refused, 429);
            long retryAfter = Long.parseLong(header(refused, "Retry-After"));
            assertThat(retryAfter).isBetween(1L, 15 * 60L);
            assertThat(json(refused).get("title").asString()).isEqualTo("Too many failed logins");
            assertThat(json(refused).get("detail").asString()).contains(retryAfter + " seconds");
        }
        // None of those got as far as a password check.
        assertThat(attemptsFrom(guesser)).hasSize(10);

        // Reads need no login, so they go on from there.
        client.get().uri("/shirts").header("X-Forwarded-For", guesser).exchange().expectStatus().isOk();
        // The admin from another address is not locked out, over Basic or the form.
        String admin = address();
        basic(admin, password).expectStatus().isOk();
        form(admin, password).expectStatus().isFound()
            .expectHeader().value(LOCATION, location -> assertThat(location).endsWith("/admin"));
    }

    @Test
    void aSuccessfulLoginResetsTheCount() {
        String typist = address();
        for (int i = 0; i < 9; i++) {
            assertProblem(basic(typist, "typo-" + i), 401);
        }
        form(typist, password).expectStatus().isFound();
        for (int i = 0; i < 9; i++) {
            assertProblem(form(typist, "typo-" + i), 401);
        }
        basic(typist, password).expectStatus().isOk();
        for (int i = 0; i < 10; i++) {
            assertProblem(basic(typist, "typo-" + i), 401);
        }
        assertProblem(basic(typist, password), 429);
    }

    /** An admin-only read with HTTP Basic credentials, from {@code address}. */
    private ResponseSpec basic(String address, String password) {
        return client.get().uri("/actuator/metrics").headers(ShopFixture.basic(ShopFixture.ADMIN, password))
            .header("X-Forwarded-For", address).exchange();
    }

    /** The login form posted from {@code address}, as curl would (a browser adds the CSRF token). */
    private ResponseSpec form(String address, String password) {
        return client.post().uri("/login").header("X-Forwarded-For", address)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded").body("username=admin&password=" + password).exchange();
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

    private static void assertProblem(ResponseSpec response, int status) {
        response.expectStatus().isEqualTo(status)
            .expectHeader().value(CONTENT_TYPE, type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

}
