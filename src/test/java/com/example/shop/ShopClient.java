package com.example.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HTTP client for tests against a running shop: {@link HttpClient} over a socket, nothing
 * in-process, so what the tests see is what curl would see. Requests are built with
 * {@link #anonymous} or {@link #admin} (HTTP Basic, no cookies); the steps a test only sets up
 * with ({@link #create}, {@link #changePrice}, {@link #delete}, {@link #getJson}) check their
 * status themselves.
 */
public final class ShopClient {

    public static final String ADMIN = "admin";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    private final String adminPassword;

    private final JsonMapper json;

    public ShopClient(int port, String adminPassword) {
        this(port, adminPassword, JsonMapper.builder().build());
    }

    /**
     * A client that reads JSON with {@code json}: with the shop's own mapper, trees read here are
     * equal to those a test reads from a STOMP frame with it (a price stays a decimal).
     */
    public ShopClient(int port, String adminPassword, JsonMapper json) {
        this.base = URI.create("http://localhost:" + port);
        this.adminPassword = adminPassword;
        this.json = json;
    }

    /** A request without credentials. */
    public Request anonymous(String method, String path) {
        return new Request(method, path);
    }

    /** A request as the admin (HTTP Basic). */
    public Request admin(String method, String path) {
        return new Request(method, path).basic(ADMIN, adminPassword);
    }

    /** A GET without credentials; {@code headers} are name, value pairs. */
    public Response get(String path, String... headers) {
        Request request = anonymous("GET", path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.send();
    }

    /** The JSON of a GET that must answer 200. */
    public JsonNode getJson(String path) {
        Response response = get(path);
        assertThat(response.status()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return response.json();
    }

    /** The latest seq of the catalog, as a client learns it. */
    public long seq() {
        return getJson("/shirts?size=1").get("seq").asLong();
    }

    /** Creates a blue shirt in S and M as the admin; answers it as stored. */
    public JsonNode create(String name, String price) {
        Map<String, Object> shirt = new LinkedHashMap<>();
        shirt.put("name", name);
        shirt.put("color", "blue");
        shirt.put("sizes", List.of("S", "M"));
        shirt.put("price", new BigDecimal(price));
        Response response = admin("POST", "/shirts").json(json.writeValueAsString(shirt)).send();
        assertThat(response.status()).as("create: %s", response.body()).isEqualTo(201);
        return response.json();
    }

    /** Changes a shirt's price with a merge patch as the admin; answers the shirt as stored. */
    public JsonNode changePrice(long id, String price) {
        Response response = admin("PATCH", "/shirts/" + id).body("application/merge-patch+json", "{\"price\":" + price + "}")
            .send();
        assertThat(response.status()).as("patch: %s", response.body()).isEqualTo(200);
        return response.json();
    }

    /** Deletes a shirt as the admin. */
    public void delete(long id) {
        Response response = admin("DELETE", "/shirts/" + id).send();
        assertThat(response.status()).as("delete: %s", response.body()).isEqualTo(204);
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

    /** The address of {@code path} on the shop. */
    public URI uri(String path) {
        return base.resolve(path);
    }

    /** The underlying client, for what a {@link Request} does not cover (a streamed body). */
    public HttpClient httpClient() {
        return http;
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
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
            headers.forEach(builder::header);
            try {
                HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response.headers(), response.body(), json);
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

    public static final class Response {

        private final int status;

        private final HttpHeaders headers;

        private final String body;

        private final JsonMapper json;

        Response(int status, HttpHeaders headers, String body, JsonMapper json) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.json = json;
        }

        public int status() {
            return status;
        }

        public HttpHeaders headers() {
            return headers;
        }

        public String body() {
            return body;
        }

        public @Nullable String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public JsonNode json() {
            return json.readTree(body);
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
