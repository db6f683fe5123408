package com.example.shop;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;
import org.springframework.web.util.DefaultUriBuilderFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running shop as tests reach it: a {@link RestTestClient} bound to its port, real HTTP over a
 * socket and nothing in-process, so what the tests see is what curl would see; and the steps a test
 * only sets up with ({@link #create}, {@link #changePrice}, {@link #delete}, {@link #getJson},
 * {@link #seq}), which check their status themselves.
 */
public final class ShopFixture {

    public static final String ADMIN = "admin";

    private ShopFixture() {
    }

    /** A client of the shop on {@code port}, without credentials, that reads JSON with a plain {@link JsonMapper}. */
    public static RestTestClient client(int port) {
        return client(port, JsonMapper.builder().build());
    }

    /**
     * A client that reads JSON bodies ({@code expectBody(JsonNode.class)}) with {@code json}: with
     * the shop's own mapper, trees read here are equal to those a test reads from a STOMP frame with
     * it (a price stays a decimal).
     */
    public static RestTestClient client(int port, JsonMapper json) {
        // The JDK's client, as RestClient would pick it here, with timeouts so a stuck shop fails a test.
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(Duration.ofSeconds(30));
        return RestTestClient.bindToServer(requests)
            .uriBuilderFactory(new AsWritten("http://localhost:" + port))
            .configureMessageConverters(converters -> converters.registerDefaults()
                // Text bodies go out as UTF-8 whatever their content type, and come back read as such.
                .withStringConverter(new StringHttpMessageConverter(StandardCharsets.UTF_8))
                .withJsonConverter(new JacksonJsonHttpMessageConverter(json)))
            .build();
    }

    /** {@code client} sending the admin's HTTP Basic credentials with every request (and no cookies). */
    public static RestTestClient asAdmin(RestTestClient client, String password) {
        return client.mutate().defaultHeaders(basic(ADMIN, password)).build();
    }

    /** HTTP Basic credentials, for {@code headers(...)} of one request. */
    public static Consumer<HttpHeaders> basic(String user, String password) {
        return headers -> headers.setBasicAuth(user, password, StandardCharsets.UTF_8);
    }

    /** The JSON of a GET that must answer 200. */
    public static JsonNode getJson(RestTestClient client, String path) {
        return client.get().uri(path).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
            .getResponseBody();
    }

    /** The latest seq of the catalog, as a client learns it. */
    public static long seq(RestTestClient client) {
        return getJson(client, "/shirts?size=1").get("seq").asLong();
    }

    /** The epoch of the change log, as {@code GET /shirts} reports it beside the seq. */
    public static String epoch(RestTestClient client) {
        return getJson(client, "/shirts?size=1").get("epoch").asString();
    }

    /** Creates a blue shirt in S and M through {@code admin}; answers it as stored. */
    public static JsonNode create(RestTestClient admin, String name, String price) {
        Map<String, Object> shirt = new LinkedHashMap<>();
        shirt.put("name", name);
        shirt.put("color", "blue");
        shirt.put("sizes", List.of("S", "M"));
        shirt.put("price", new BigDecimal(price));
        return admin.post().uri("/shirts").contentType(MediaType.APPLICATION_JSON).body(shirt).exchange()
            .expectStatus().isCreated()
            .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Changes a shirt's price with a merge patch through {@code admin}; answers the shirt as stored. */
    public static JsonNode changePrice(RestTestClient admin, long id, String price) {
        return admin.patch().uri("/shirts/" + id).header(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json")
            .body("{\"price\":" + price + "}").exchange()
            .expectStatus().isOk()
            .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Deletes a shirt through {@code admin}. */
    public static void delete(RestTestClient admin, long id) {
        admin.delete().uri("/shirts/" + id).exchange().expectStatus().isNoContent();
    }

    /** The body of a response as a JSON tree, read with the client's mapper; null if there is none. */
    public static JsonNode json(ResponseSpec response) {
        return response.expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** The body of a response as text (UTF-8), as it came. */
    public static String text(ResponseSpec response) {
        return text(response.returnResult());
    }

    /** The body of a response as text (UTF-8), as it came. */
    public static String text(ExchangeResult result) {
        return new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
    }

    /** The first value of a response header, null if there is none. */
    public static @Nullable String header(ResponseSpec response, String name) {
        return response.returnResult().getResponseHeaders().getFirst(name);
    }

    /**
     * Paths sent exactly as written, as curl sends them: by default RestClient expands a path as a
     * URI template, encoding a written {@code %} again and folding {@code //} into one slash, which
     * would change what tests of percent-encodings and of the firewall send. Templates with
     * variables are still expanded the usual way.
     */
    private static final class AsWritten extends DefaultUriBuilderFactory {

        private final URI base;

        AsWritten(String base) {
            super(base);
            this.base = URI.create(base);
        }

        @Override
        public URI expand(String uri, Map<String, ?> variables) {
            return variables.isEmpty() ? base.resolve(uri) : super.expand(uri, variables);
        }

        @Override
        public URI expand(String uri, Object... variables) {
            return variables.length == 0 ? base.resolve(uri) : super.expand(uri, variables);
        }

    }

}
