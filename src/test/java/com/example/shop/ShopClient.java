package com.example.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for tests against a running shop: {@link HttpClient} over a socket, nothing
 * in-process, so what the tests see is what curl would see.
 */
public final class ShopClient {

    public static final String ADMIN = "admin";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    private final String adminPassword;

    public ShopClient(int port, String adminPassword) {
        this.base = URI.create("http://localhost:" + port);
        this.adminPassword = adminPassword;
    }

    /** A request without credentials. */
    public Request anonymous(String method, String path) {
        return new Request(method, path);
    }

    /** A request as the admin (HTTP Basic). */
    public Request admin(String method, String path) {
        return new Request(method, path).basic(ADMIN, adminPassword);
    }

    public Response get(String path, String... headers) {
        Request request = anonymous("GET", path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.send();
    }

    /**
     * Sends a request line as is over a socket, for requests {@link HttpClient} refuses to build
     * (a malformed percent-encoding, say). Answers the whole response, status line first.
     */
    public String raw(String method, String target) {
        try (var socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    public final class Request {

        private final String method;

        private final String path;

        private final Map<String, String> headers = new LinkedHashMap<>();

        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Request basic(String user, String password) {
            return header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body with {@code Content-Type: application/json}. */
        public Request json(String json) {
            return body("application/json", json);
        }

        public Request body(String contentType, String text) {
            header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofString(text);
            return this;
        }

        /** A body of unknown length, sent chunked, so only reading it can tell how large it is. */
        public Request chunked(String contentType, byte[] bytes) {
            header("Content-Type", contentType);
            body = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes));
            return this;
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
            headers.forEach(builder::header);
            try {
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response.headers(), response.body());
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }

    }

    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public @Nullable String header(String name) {
            Optional<String> value = headers.firstValue(name);
            return value.orElse(null);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public JsonNode json() {
            return ShopClient.json(body);
        }

        public long id() {
            return json().get("id").asLong();
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + body;
        }

    }

}
