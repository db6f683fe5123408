package com.example.shop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One shopper as a browser is one: a session cookie of their own, the CSRF token the shop hands out
 * in its {@code XSRF-TOKEN} cookie sent back in {@code X-XSRF-TOKEN}, and {@code Sec-Fetch-Site}
 * as every current browser sends it (so the shop treats these requests as a browser's, CSRF checks
 * included). Real HTTP over a socket; many shoppers can share one {@link HttpClient}, since the
 * cookies are kept here rather than in the client.
 */
public final class Shopper {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: status, headers and the body as JSON (null when there is none). */
    public record Answer(int status, HttpResponse<String> response, @Nullable JsonNode json) {

        public @Nullable String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return response.body();
        }

    }

    private final HttpClient http;

    private final String base;

    private final Map<String, String> cookies = new LinkedHashMap<>();

    private final Map<String, String> headers = new LinkedHashMap<>();

    public Shopper(HttpClient http, int port) {
        this.http = http;
        this.base = "http://localhost:" + port;
        headers.put("Sec-Fetch-Site", "same-origin");
    }

    public static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Sends {@code name: value} with every request, as a proxy would add X-Forwarded-For. */
    public Shopper with(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Answer put(String path, String json) {
        return send("PUT", path, json, Map.of("Content-Type", "application/json"));
    }

    public Answer post(String path, String json, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(extra);
        all.put("Content-Type", "application/json");
        return send("POST", path, json, all);
    }

    public Answer delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public Answer patch(String path, String json, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(extra);
        all.put("Content-Type", "application/merge-patch+json");
        return send("PATCH", path, json, all);
    }

    /** A request as this shopper, with any headers; a GET first if there is no CSRF token yet. */
    public Answer send(String method, String path, @Nullable String body, Map<String, String> extra) {
        if (!method.equals("GET") && !cookies.containsKey("XSRF-TOKEN")) {
            get("/cart");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        extra.forEach(request::header);
        if (!cookies.isEmpty()) {
            request.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        if (cookies.containsKey("XSRF-TOKEN")) {
            request.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
        }
        if (!extra.containsKey("Accept")) {
            request.header("Accept", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            response.headers().allValues("Set-Cookie").forEach(this::remember);
            String text = response.body();
            JsonNode json = text == null || text.isBlank() || !response.headers().firstValue("Content-Type").orElse("").contains("json")
                    ? null : JSON.readTree(text);
            return new Answer(response.statusCode(), response, json);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The value of a cookie the shop set, null if it set none. */
    public @Nullable String cookie(String name) {
        return cookies.get(name);
    }

    private void remember(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq > 0) {
            String value = pair.substring(eq + 1);
            if (value.isEmpty()) {
                cookies.remove(pair.substring(0, eq));
            }
            else {
                cookies.put(pair.substring(0, eq), value);
            }
        }
    }

}
