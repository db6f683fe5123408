package com.example.shop.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No path and no method an anonymous client can send makes the shop answer 5xx: every path Spring
 * MVC maps (its handler methods and its URL mappings: static files, the WebSocket endpoint) and
 * every path of the API document, with its variables filled, plus paths nothing maps, each with
 * every method HTTP defines and one it does not. Every 4xx is problem JSON. Read from the running
 * shop, so a path added later is walked too.
 */
@ShopTest
class EveryPathAndMethodTests {

    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW");

    /** Nothing maps these, or they reach the firewall, or the container refuses them. */
    static final List<String> UNMAPPED = List.of("/nothing-here", "/shirts/1/more", "/error/more", "/errors",
            "/shirts/%FF", "/shirts/%2e%2e/x", "//shirts", "/shirts;jsessionid=1", "/shirts/%2F", "/v3/api-docs/nothing",
            "/webjars/nothing.js", "/actuator/env", "/actuator/nothing", "/admin/x", "/.git/config", "/WEB-INF/web.xml", "/", "/index.html", "/admin.html",
            "/js/api.js", "/logout");

    /**
     * Not the JSON API, so their 4xx need not be problem JSON (they must still not be 5xx): the
     * WebSocket handshake, which Spring's handshake handler refuses in plain text as WebSocket
     * clients expect, and actuator's empty 404 for a health component that does not exist.
     */
    static final List<String> NOT_JSON_API = List.of("/ws", "/actuator/health/");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    HttpClient http;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void client() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void noPathAndNoMethodAnswers5xxAndEvery4xxIsProblemJson() throws Exception {
        Set<String> paths = new TreeSet<>(mappedPaths());
        assertThat(paths).contains("/shirts", "/shirts/1", "/error", "/ws", "/v3/api-docs", "/login", "/any/thing");
        paths.addAll(UNMAPPED);
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (String path : paths) {
            for (String method : METHODS) {
                check(wrong, method, path, send(method, path, "application/json"));
                sent++;
            }
            // Bodies of a type nothing reads, and one claiming to be multipart without a boundary,
            // which Spring MVC once parsed before choosing a handler, and failed on.
            for (String type : List.of("multipart/form-data", "text/plain")) {
                check(wrong, "POST", path, send("POST", path, type));
                check(wrong, "GET", path, send("GET", path, type));
            }
        }
        assertThat(wrong).as("of " + sent + " requests").isEmpty();
        assertThat(sent).isEqualTo(paths.size() * METHODS.size());
    }

    private static void check(List<String> wrong, String method, String path, Answer answer) {
        String what = method + " " + path + " -> " + answer.status + " " + answer.contentType;
        if (answer.status >= 500) {
            wrong.add(what);
        }
        else if (answer.status >= 400 && !answer.isProblem(method) && NOT_JSON_API.stream().noneMatch(path::startsWith)) {
            wrong.add(what + " (not problem JSON) " + answer.body);
        }
    }

    @Test
    void errorAskedForDirectlyIsNotFound() throws Exception {
        for (String method : List.of("GET", "HEAD")) {
            Answer answer = send(method, "/error");
            assertThat(answer.status).as(method).isEqualTo(404);
            assertThat(answer.contentType).as(method).startsWith("application/problem+json");
        }
        Answer answer = send("GET", "/error?status=500");
        assertThat(answer.status).isEqualTo(404);
        JsonNode problem = json.readTree(answer.body);
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("instance").asString()).isEqualTo("/error");
    }

    @Test
    void realErrorsForwardedByTheContainerAreStillTold() throws Exception {
        // TRACE is refused by Tomcat itself, which forwards to the error page with its status.
        Answer trace = send("TRACE", "/shirts");
        assertThat(trace.status).isEqualTo(405);
        assertThat(trace.contentType).startsWith("application/problem+json");
        assertThat(json.readTree(trace.body).get("instance").asString()).isEqualTo("/shirts");
        // The firewall's refusal is forwarded the same way.
        Answer firewall = send("GET", "/shirts/%2e%2e/x");
        assertThat(firewall.status).isEqualTo(400);
        assertThat(firewall.contentType).startsWith("application/problem+json");
    }

    /** Every path of every handler mapping, and of the API document, with variables filled in. */
    private Set<String> mappedPaths() {
        Set<String> paths = new TreeSet<>();
        context.getBeansOfType(AbstractHandlerMethodMapping.class).values().forEach(mapping -> mapping.getHandlerMethods()
            .keySet().forEach(info -> {
                if (info instanceof org.springframework.web.servlet.mvc.method.RequestMappingInfo requestMapping) {
                    requestMapping.getPatternValues().forEach(pattern -> paths.add(fill(pattern)));
                }
            }));
        context.getBeansOfType(AbstractUrlHandlerMapping.class).values()
            .forEach(mapping -> mapping.getHandlerMap().keySet().forEach(pattern -> paths.add(fill(pattern))));
        JsonNode document = ShopFixture.getJson(ShopFixture.client(port), "/v3/api-docs");
        document.get("paths").propertyNames().forEach(path -> paths.add(fill(path)));
        return paths;
    }

    /** {@code /shirts/{id}} as {@code /shirts/1}; {@code /**} and {@code /*} as a path below. */
    static String fill(String pattern) {
        String path = pattern.replaceAll("\\{\\*[^}]*}", "any/thing").replaceAll("\\{[^}]*}", "1")
            .replace("/**", "/any/thing").replace("*", "");
        return path.isEmpty() ? "/" : path;
    }

    private Answer send(String method, String path) throws Exception {
        return send(method, path, "application/json");
    }

    /** A body of {@code type} with the methods that carry one, and with GET when it is not JSON. */
    private Answer send(String method, String path, String type) throws Exception {
        boolean withBody = List.of("POST", "PUT", "PATCH").contains(method) || !type.equals("application/json");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, withBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            request.header("Content-Type", type);
        }
        HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try (var in = response.body()) {
            // A stream of events stays open: its status and type are all there is to check.
            String text = contentType.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(response.statusCode(), contentType, text);
        }
    }

    record Answer(int status, String contentType, String body) {

        boolean isProblem(String method) {
            if (!contentType.startsWith("application/problem+json")) {
                return false;
            }
            if (method.equals("HEAD")) {
                return body.isEmpty();
            }
            JsonNode problem = JsonMapper.builder().build().readTree(body);
            return problem.path("status").asInt() == status && problem.path("title").isString();
        }

    }

}
