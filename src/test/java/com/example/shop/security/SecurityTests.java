package com.example.shop.security;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.ShopClient;
import com.example.shop.ShopTest;
import com.example.shop.ShopClient.Response;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

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

    ShopClient client;

    @BeforeEach
    void client() {
        client = new ShopClient(port, password);
    }

    @Test
    void everyWriteWithoutTheAdminIsAnUnauthorizedProblemAndChangesNothing() {
        long seq = client.seq();
        for (String user : List.of("", "wrong")) {
            for (ShopClient.Request request : List.of(client.anonymous("POST", "/shirts").json(SHIRT),
                    client.anonymous("PUT", "/shirts/1").json(SHIRT),
                    client.anonymous("PATCH", "/shirts/1").body("application/merge-patch+json", "{\"price\": 1}"),
                    client.anonymous("DELETE", "/shirts/1"))) {
                if (!user.isEmpty()) {
                    request.basic(ShopClient.ADMIN, user);
                }
                Response response = request.send();
                assertProblem(response, 401);
                assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"shop\"");
            }
        }
        assertThat(client.anonymous("POST", "/shirts").basic("someone", password).json(SHIRT).send().status()).isEqualTo(401);
        assertThat(client.seq()).isEqualTo(seq);
        assertThat(client.get("/shirts/1").json().get("version").asLong()).isZero();
    }

    @Test
    void theShopsOwnPagesGetNoBasicChallenge() {
        // A challenge would make the browser show its own password dialog over the admin page.
        Response response = client.anonymous("POST", "/shirts").header("X-Requested-With", "XMLHttpRequest").json(SHIRT).send();
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).isNull();
    }

    @Test
    void aBrowserWriteNeedsTheCsrfTokenEvenWithCredentials() {
        long seq = client.seq();
        Response refused = client.admin("POST", "/shirts").header("Origin", "http://localhost:" + port).json(SHIRT).send();
        assertProblem(refused, 403);
        assertThat(refused.json().get("title").asString()).isEqualTo("CSRF token missing or invalid");
        Response forged = client.admin("POST", "/shirts").header("Cookie", "XSRF-TOKEN=abc")
            .header("X-XSRF-TOKEN", "other").json(SHIRT).send();
        assertProblem(forged, 403);
        assertThat(client.seq()).isEqualTo(seq);

        // With the token of the cookie in the header, as the shop's pages send it, the write goes through.
        Response accepted = client.admin("POST", "/shirts").header("Origin", "http://localhost:" + port)
            .header("Cookie", "XSRF-TOKEN=token-1").header("X-XSRF-TOKEN", "token-1").json(SHIRT).send();
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        assertThat(client.admin("DELETE", "/shirts/" + accepted.id()).send().status()).isEqualTo(204);
    }

    @Test
    void readsArePublic() {
        assertThat(client.get("/shirts").status()).isEqualTo(200);
        assertThat(client.get("/shirts/1").status()).isEqualTo(200);
        assertThat(client.anonymous("HEAD", "/shirts/1").send().status()).isEqualTo(200);
    }

    @Test
    void optionsIsPublicAndChangesNothing() {
        long seq = client.seq();
        Response list = client.anonymous("OPTIONS", "/shirts").send();
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.header("Allow")).contains("GET", "POST");
        Response shirt = client.anonymous("OPTIONS", "/shirts/1").send();
        assertThat(shirt.status()).as(shirt.toString()).isEqualTo(200);
        assertThat(shirt.header("Allow")).contains("GET", "PUT", "PATCH", "DELETE");
        assertThat(client.seq()).isEqualTo(seq);
        assertThat(client.get("/shirts/1").json().get("version").asLong()).isZero();
    }

    @Test
    void healthIsPublicAndTheOtherActuatorEndpointsNeedTheAdmin() {
        Response health = client.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        // Anonymous callers learn the status, not the details of the database.
        assertThat(health.json().has("components")).isFalse();
        assertThat(client.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(client.get("/actuator/health/readiness").status()).isEqualTo(200);

        for (String endpoint : List.of("/actuator", "/actuator/metrics", "/actuator/info", "/actuator/metrics/jvm.memory.used")) {
            assertProblem(client.get(endpoint), 401);
            assertProblem(client.anonymous("GET", endpoint).basic(ShopClient.ADMIN, "wrong").send(), 401);
            Response asAdmin = client.admin("GET", endpoint).send();
            assertThat(asAdmin.status()).as(endpoint + ": " + asAdmin).isEqualTo(200);
        }
        JsonNode metrics = client.admin("GET", "/actuator/metrics").send().json();
        assertThat(metrics.get("names").toString()).contains("http.server.requests");
        // Endpoints that are not exposed stay hidden, to the admin too.
        assertThat(client.admin("GET", "/actuator/env").send().status()).isEqualTo(404);
        assertThat(client.admin("GET", "/actuator/beans").send().status()).isEqualTo(404);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asString()).isNotBlank();
    }

}
