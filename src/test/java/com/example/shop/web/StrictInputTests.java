package com.example.shop.web;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import tools.jackson.databind.JsonNode;

import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.delete;
import static com.example.shop.ShopFixture.getJson;
import static com.example.shop.ShopFixture.json;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * Numbers and types a hostile or careless client sends, against the running shop: every number the
 * shop cannot store, in every numeric parameter and body field, and every value of the wrong JSON
 * type, is a 400 problem that names the field, and changes nothing stored. Same application context
 * as the other end-to-end tests.
 */
@ShopTest
class StrictInputTests {

    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    /** Exponents at and past what a BigDecimal holds, too many digits, and what JSON has no number for. */
    static final List<String> UNSTORABLE = List.of("1e2147483647", "-1e-2147483647", "1e-2147483647", "1e2147483648",
            "1e-2147483648", "9".repeat(400), "-" + "9".repeat(400), "0." + "1".repeat(400), "NaN", "Infinity",
            "-Infinity");

    static final String VALID = "{\"name\": \"Strict\", \"color\": \"red\", \"sizes\": [\"M\"], \"price\": 24.99}";

    @LocalServerPort
    int port;

    RestTestClient client;

    RestTestClient admin;

    @BeforeEach
    void client() {
        client = ShopFixture.client(port);
        admin = ShopFixture.asAdmin(client, ShopTest.PASSWORD);
    }

    @Test
    void everyNumericParameterRefusesNumbersTheShopCannotStoreNamingIt() {
        long seq = seq(client);
        List<String> checked = new ArrayList<>();
        for (String value : UNSTORABLE) {
            for (String parameter : List.of("minPrice", "maxPrice", "page", "size")) {
                assertRefused(get("/shirts?" + parameter + "=" + value), parameter);
            }
            assertRefused(get("/shirts/" + value), "id");
            assertRefused(get("/shirts/events?after=" + value), "after");
            assertRefused(get("/shirts/events?after=0&limit=" + value), "limit");
            assertRefused(get("/shirts/stream?after=" + value), "after");
            assertRefused(admin.put().uri("/shirts/" + value).contentType(APPLICATION_JSON).body(VALID).exchange(), "id");
            assertRefused(admin.patch().uri("/shirts/" + value).contentType(MERGE_PATCH).body("{}").exchange(), "id");
            assertRefused(admin.delete().uri("/shirts/" + value).exchange(), "id");
            checked.add(value);
        }
        assertThat(checked).hasSize(UNSTORABLE.size());
        assertThat(seq(client)).isEqualTo(seq);
    }

    @Test
    void everyPriceInABodyRefusesNumbersTheShopCannotStoreNamingIt() {
        JsonNode shirt = create(admin, "Priced", "24.99");
        long id = shirt.get("id").asLong();
        long seq = seq(client);
        for (String value : UNSTORABLE) {
            String body = VALID.replace("24.99", value);
            assertRefused(post(body), "price");
            assertRefused(admin.post().uri("/shirts").header("Idempotency-Key", "k-" + value.hashCode()).contentType(APPLICATION_JSON)
                .body(body).exchange(), "price");
            assertRefused(put(id, body), "price");
            assertRefused(patch(id, "{\"price\": " + value + "}"), "price");
        }
        assertThat(seq(client)).isEqualTo(seq);
        assertThat(getJson(client, "/shirts/" + id)).isEqualTo(shirt);
    }

    @Test
    void jsonTypesAreStrictAndTheFieldIsNamed() {
        JsonNode shirt = create(admin, "Typed", "24.99");
        long id = shirt.get("id").asLong();
        long seq = seq(client);
        String[] notAString = { "123", "1.5", "true", "false", "[\"x\"]", "{\"x\": 1}" };
        for (String field : List.of("name", "color", "description")) {
            for (String value : notAString) {
                String body = "{\"name\": \"Typed\", \"color\": \"red\", \"sizes\": [\"M\"], \"price\": 24.99, \"" + field + "\": " + value + "}";
                assertRefused(post(body), field);
                assertRefused(put(id, body), field);
                assertRefused(patch(id, "{\"" + field + "\": " + value + "}"), field);
            }
        }
        for (String value : List.of("\"24.99\"", "\"24\"", "true", "[24.99]", "{\"amount\": 24.99}")) {
            assertRefused(post(VALID.replace("24.99", value)), "price");
            assertRefused(patch(id, "{\"price\": " + value + "}"), "price");
        }
        // A size is a name: not its index in the list of sizes, not a lone string for the set.
        assertRefused(post(VALID.replace("[\"M\"]", "[1]")), "sizes[0]");
        assertRefused(post(VALID.replace("[\"M\"]", "[\"M\", true]")), "sizes[1]");
        assertRefused(post(VALID.replace("[\"M\"]", "\"M\"")), "sizes");
        assertRefused(patch(id, "{\"sizes\": [2]}"), "sizes[0]");

        assertThat(seq(client)).isEqualTo(seq);
        assertThat(getJson(client, "/shirts/" + id)).isEqualTo(shirt);
    }

    @Test
    void controlAndFormatCharactersAreRefusedInEveryTypedFieldNamingIt() {
        JsonNode shirt = create(admin, "Plain", "24.99");
        long id = shirt.get("id").asLong();
        long seq = seq(client);
        // A bidi override and isolate, NEL, NUL, a zero-width space, a lone surrogate (as a JSON
        // escape), a bare carriage return; PlainTextTests has the whole list. Each request of the
        // admin costs a password check, so the end-to-end list stays short.
        List<String> characters = List.of("\\u202E", "\\u2066", "\\u0085", "\\u0000", "\\u200B", "\\uD800", "\\r");
        for (String character : characters) {
            for (String field : List.of("name", "color", "description")) {
                String value = "\"Evil" + character + "Tee\"";
                String body = "{\"name\": \"Typed\", \"color\": \"red\", \"sizes\": [\"M\"], \"price\": 24.99, \"" + field + "\": " + value + "}";
                assertRefused(post(body), field);
                assertRefused(patch(id, "{\"" + field + "\": " + value + "}"), field);
                if (character.equals(characters.get(0))) {
                    assertRefused(put(id, body), field);
                }
            }
        }
        for (String character : List.of("%E2%80%AE", "%E2%81%A6", "%C2%85", "%00", "%E2%80%8B")) {
            assertRefused(get("/shirts?q=Evil" + character), "q");
            assertRefused(get("/shirts?color=red" + character), "color");
        }
        // Tabs and line breaks stay allowed in a description, and only there.
        patch(id, "{\"description\": \"Soft,\\n\\tand light\\r\\n\"}").expectStatus().isOk();
        assertRefused(patch(id, "{\"name\": \"Two\\nlines\"}"), "name");
        long afterDescription = seq(client);
        assertThat(afterDescription).isEqualTo(seq + 1);
        JsonNode stored = getJson(client, "/shirts/" + id);
        assertThat(stored.get("name").asString()).isEqualTo("Plain");
        assertThat(stored.get("description").asString()).isEqualTo("Soft,\n\tand light");
    }

    @Test
    void aBodyClaimingToBeMultipartIsNoServerError() {
        long seq = seq(client);
        // Found by HostileCorpusTests: multipart/form-data without a boundary failed in Spring MVC
        // before any handler, for every method and path that got past security.
        client.get().uri("/shirts").header(CONTENT_TYPE, "multipart/form-data").exchange().expectStatus().isOk();
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=x", "multipart/mixed")) {
            ResponseSpec response = admin.post().uri("/shirts").header(CONTENT_TYPE, type).body(VALID).exchange();
            response.expectStatus().isEqualTo(415)
                .expectHeader().value(CONTENT_TYPE, value -> assertThat(value).startsWith("application/problem+json"));
            admin.patch().uri("/shirts/1").header(CONTENT_TYPE, type).body("{}").exchange().expectStatus().isEqualTo(415);
        }
        assertThat(seq(client)).isEqualTo(seq);
    }

    @Test
    void aMalformedAcceptIsA406Problem() {
        // Found by HostileCorpusTests: Spring MVC answered these 406 without a body.
        long id = create(admin, "Accepted", "24.99").get("id").asLong();
        long seq = seq(client);
        for (String accept : List.of("json", "/", "application/json;q=abc", "application/json;charset=nonsense",
                "multipart/form-data; boundary=", "xxxxxxxx")) {
            for (ResponseSpec response : List.of(client.get().uri("/shirts").header("Accept", accept).exchange(),
                    client.get().uri("/shirts/" + id).header("Accept", accept).exchange(),
                    client.get().uri("/shirts/0").header("Accept", accept).exchange(),
                    admin.put().uri("/shirts/" + id).header("Accept", accept).contentType(APPLICATION_JSON).body(VALID).exchange())) {
                response.expectStatus().isEqualTo(406)
                    .expectHeader().value(CONTENT_TYPE, value -> assertThat(value).as(accept).startsWith("application/problem+json"));
                assertThat(json(response).get("status").asInt()).isEqualTo(406);
            }
        }
        // Well-formed ones are unchanged: JSON where it is allowed, a 406 problem where it is not.
        client.get().uri("/shirts").header("Accept", "*/*").exchange().expectStatus().isOk();
        client.get().uri("/shirts").header("Accept", "application/json, text/html;q=0.1").exchange().expectStatus().isOk();
        client.get().uri("/shirts").header("Accept", "text/html").exchange().expectStatus().isEqualTo(406);
        assertThat(seq(client)).isEqualTo(seq);
    }

    @Test
    void theReadmeExamplesStillWork() {
        ResponseSpec created = admin.post().uri("/shirts").header("Idempotency-Key", "strict-" + System.nanoTime())
            .contentType(APPLICATION_JSON)
            .body("{\"name\":\"Classic\",\"color\":\"green\",\"sizes\":[\"S\",\"M\",\"L\"],\"price\":24.99,\"description\":\"A new classic.\"}")
            .exchange();
        created.expectStatus().isCreated();
        long id = json(created).get("id").asLong();
        ResponseSpec patched = patch(id, "{\"price\":21.50}");
        patched.expectStatus().isOk();
        assertThat(json(patched).get("price").decimalValue()).isEqualByComparingTo("21.50");
        put(id, "{\"name\":\"Advanced\",\"color\":\"blue\",\"sizes\":[\"S\",\"M\",\"L\",\"XL\"],\"price\":31.00}")
            .expectStatus().isOk();
        // A JSON integer is a number too.
        patch(id, "{\"price\":30}").expectStatus().isOk();
        get("/shirts?minPrice=20&maxPrice=40&page=0&size=5").expectStatus().isOk();
        get("/shirts?minPrice=99999999.99").expectStatus().isOk();
        delete(admin, id);
    }

    private ResponseSpec get(String path) {
        return client.get().uri(path).exchange();
    }

    private ResponseSpec post(String json) {
        return admin.post().uri("/shirts").contentType(APPLICATION_JSON).body(json).exchange();
    }

    private ResponseSpec put(long id, String json) {
        return admin.put().uri("/shirts/" + id).contentType(APPLICATION_JSON).body(json).exchange();
    }

    private ResponseSpec patch(long id, String mergePatch) {
        return admin.patch().uri("/shirts/" + id).contentType(MERGE_PATCH).body(mergePatch).exchange();
    }

    /** A 400 problem whose errors name {@code field}, and nothing internal in it. */
    private static void assertRefused(ResponseSpec response, String field) {
        response.expectStatus().isBadRequest()
            .expectHeader().value(CONTENT_TYPE, type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsString("field")).as(response.returnResult().toString()).contains(field);
        assertThat(text(response)).doesNotContain("Exception", "\tat ", "jackson", "Jackson", "SQL");
    }

}
