package com.example.shop.security;

import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import tools.jackson.databind.JsonNode;

import static com.example.shop.ShopFixture.ADMIN;
import static com.example.shop.ShopFixture.basic;
import static com.example.shop.ShopFixture.json;
import static com.example.shop.ShopFixture.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * Who may do what, against the running application: reads and health are public, every write and
 * the other actuator endpoints need the admin, and refusals are problem JSON. Same application
 * context as the other end-to-end tests.
 */
@ShopTest
class SecurityTests {

    private static final String SHIRT = "{\"name\": \"Secure\", \"color\": \"red\", \"sizes\": [\"M\"], \"price\": 5}";

    @LocalServerPort
    int port;

    @Value("${shop.admin.password}")
    String password;

    RestTestClient client;

    RestTestClient admin;

    @BeforeEach
    void client() {
        client = ShopFixture.client(port);
        admin = ShopFixture.asAdmin(client, password);
    }

    @Test
    void everyWriteWithoutTheAdminIsAnUnauthorizedProblemAndChangesNothing() {
        long seq = seq(client);
        for (String user : List.of("", "wrong")) {
            Consumer<HttpHeaders> credentials = user.isEmpty() ? headers -> {
            } : basic(ADMIN, user);
            for (ResponseSpec response : List.of(
                    client.post().uri("/shirts").contentType(APPLICATION_JSON).body(SHIRT).headers(credentials).exchange(),
                    client.put().uri("/shirts/1").contentType(APPLICATION_JSON).body(SHIRT).headers(credentials).exchange(),
                    client.patch().uri("/shirts/1").header(CONTENT_TYPE, "application/merge-patch+json").body("{\"price\": 1}")
                        .headers(credentials).exchange(),
                    client.delete().uri("/shirts/1").headers(credentials).exchange())) {
                assertProblem(response, 401);
                response.expectHeader().valueEquals("WWW-Authenticate", "Basic realm=\"shop\"");
            }
        }
        client.post().uri("/shirts").headers(basic("someone", password)).contentType(APPLICATION_JSON).body(SHIRT).exchange()
            .expectStatus().isUnauthorized();
        assertThat(seq(client)).isEqualTo(seq);
        assertThat(json(client.get().uri("/shirts/1").exchange()).get("version").asLong()).isZero();
    }

    @Test
    void theShopsOwnPagesGetNoBasicChallenge() {
        // A challenge would make the browser show its own password dialog over the admin page.
        ResponseSpec response = client.post().uri("/shirts").header("X-Requested-With", "XMLHttpRequest").contentType(APPLICATION_JSON)
            .body(SHIRT).exchange();
        assertProblem(response, 401);
        response.expectHeader().doesNotExist("WWW-Authenticate");
    }

    @Test
    void aBrowserWriteNeedsTheCsrfTokenEvenWithCredentials() {
        long seq = seq(client);
        ResponseSpec refused = admin.post().uri("/shirts").header("Origin", "http://localhost:" + port).contentType(APPLICATION_JSON)
            .body(SHIRT).exchange();
        assertProblem(refused, 403);
        assertThat(json(refused).get("title").asString()).isEqualTo("CSRF token missing or invalid");
        ResponseSpec forged = admin.post().uri("/shirts").header("Cookie", "XSRF-TOKEN=abc")
            .header("X-XSRF-TOKEN", "other").contentType(APPLICATION_JSON).body(SHIRT).exchange();
        assertProblem(forged, 403);
        assertThat(seq(client)).isEqualTo(seq);

        // With the token of the cookie in the header, as the shop's pages send it, the write goes through.
        ResponseSpec accepted = admin.post().uri("/shirts").header("Origin", "http://localhost:" + port)
            .header("Cookie", "XSRF-TOKEN=token-1").header("X-XSRF-TOKEN", "token-1").contentType(APPLICATION_JSON).body(SHIRT)
            .exchange();
        accepted.expectStatus().isCreated();
        admin.delete().uri("/shirts/" + json(accepted).get("id").asLong()).exchange().expectStatus().isNoContent();
    }

    @Test
    void readsArePublic() {
        client.get().uri("/shirts").exchange().expectStatus().isOk();
        client.get().uri("/shirts/1").exchange().expectStatus().isOk();
        client.head().uri("/shirts/1").exchange().expectStatus().isOk();
    }

    @Test
    void optionsIsPublicAndChangesNothing() {
        long seq = seq(client);
        client.options().uri("/shirts").exchange()
            .expectStatus().isOk()
            .expectHeader().value("Allow", allow -> assertThat(allow).contains("GET", "POST"));
        client.options().uri("/shirts/1").exchange()
            .expectStatus().isOk()
            .expectHeader().value("Allow", allow -> assertThat(allow).contains("GET", "PUT", "PATCH", "DELETE"));
        assertThat(seq(client)).isEqualTo(seq);
        assertThat(json(client.get().uri("/shirts/1").exchange()).get("version").asLong()).isZero();
    }

    @Test
    void healthIsPublicAndTheOtherActuatorEndpointsNeedTheAdmin() {
        ResponseSpec health = client.get().uri("/actuator/health").exchange();
        health.expectStatus().isOk();
        assertThat(json(health).get("status").asString()).isEqualTo("UP");
        // Anonymous callers learn the status, not the details of the database.
        assertThat(json(health).has("components")).isFalse();
        client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

        for (String endpoint : List.of("/actuator", "/actuator/metrics", "/actuator/info", "/actuator/metrics/jvm.memory.used")) {
            assertProblem(client.get().uri(endpoint).exchange(), 401);
            assertProblem(client.get().uri(endpoint).headers(basic(ADMIN, "wrong")).exchange(), 401);
            admin.get().uri(endpoint).exchange().expectStatus().isOk();
        }
        JsonNode metrics = json(admin.get().uri("/actuator/metrics").exchange());
        assertThat(metrics.get("names").toString()).contains("http.server.requests");
        // Endpoints that are not exposed stay hidden, to the admin too.
        admin.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        admin.get().uri("/actuator/beans").exchange().expectStatus().isNotFound();
    }

    private static void assertProblem(ResponseSpec response, int status) {
        response.expectStatus().isEqualTo(status)
            .expectHeader().value(CONTENT_TYPE, type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(json(response).get("title").asString()).isNotBlank();
    }

}
