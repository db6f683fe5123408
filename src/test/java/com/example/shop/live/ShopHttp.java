package com.example.shop.live;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The shop's REST API over a real port, as curl or a script would use it: HTTP Basic, no cookies. */
final class ShopHttp {

    static final String PASSWORD = "live-test-password";

    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    private final JsonMapper json;

    ShopHttp(int port, JsonMapper json) {
        this.base = "http://localhost:" + port;
        this.json = json;
    }

    HttpClient client() {
        return client;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The latest seq of the catalog, as a client learns it. */
    long seq() {
        return getJson("/shirts?size=1").get("seq").asLong();
    }

    JsonNode create(String name, String price) {
        Map<String, Object> shirt = new LinkedHashMap<>();
        shirt.put("name", name);
        shirt.put("color", "blue");
        shirt.put("sizes", List.of("S", "M"));
        shirt.put("price", new BigDecimal(price));
        HttpResponse<String> response = write("POST", "/shirts", json.writeValueAsString(shirt), "application/json");
        assertThat(response.statusCode()).as("create: %s", response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    JsonNode changePrice(long id, String price) {
        HttpResponse<String> response = write("PATCH", "/shirts/" + id, "{\"price\":" + price + "}",
                "application/merge-patch+json");
        assertThat(response.statusCode()).as("patch: %s", response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    void delete(long id) {
        HttpResponse<String> response = write("DELETE", "/shirts/" + id, null, null);
        assertThat(response.statusCode()).as("delete: %s", response.body()).isEqualTo(204);
    }

    /** A write as the admin; {@code headers} are name, value pairs. */
    HttpResponse<String> write(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
            .header("Authorization", AUTHORIZATION)
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}
