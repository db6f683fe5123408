package com.example.shop.web;

import java.util.ArrayList;
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
 * Numbers and types a hostile or careless client sends, against the running shop: every number the
 * shop cannot store, in every numeric parameter and body field, and every value of the wrong JSON
 * type, is a 400 problem that names the field, and changes nothing stored. Same application context
 * as the other end-to-end tests.
 */
@ShopTest
class StrictInputTests {

    static final String MERGE_PATCH = "application/merge-patch+json";

    /** Exponents at and past what a BigDecimal holds, too many digits, and what JSON has no number for. */
    static final List<String> UNSTORABLE = List.of("1e2147483647", "-1e-2147483647", "1e-2147483647", "1e2147483648",
            "1e-2147483648", "9".repeat(400), "-" + "9".repeat(400), "0." + "1".repeat(400), "NaN", "Infinity",
            "-Infinity");

    static final String VALID = "{\"name\": \"Strict\", \"color\": \"red\", \"sizes\": [\"M\"], \"price\": 24.99}";

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
    void everyNumericParameterRefusesNumbersTheShopCannotStoreNamingIt() {
        long seq = client.seq();
        List<String> checked = new ArrayList<>();
        for (String value : UNSTORABLE) {
            for (String parameter : List.of("minPrice", "maxPrice", "page", "size")) {
                assertRefused(client.get("/shirts?" + parameter + "=" + value), parameter);
            }
            assertRefused(client.get("/shirts/" + value), "id");
            assertRefused(client.get("/shirts/events?after=" + value), "after");
            assertRefused(client.get("/shirts/events?after=0&limit=" + value), "limit");
            assertRefused(client.get("/shirts/stream?after=" + value), "after");
            assertRefused(client.admin("PUT", "/shirts/" + value).json(VALID).send(), "id");
            assertRefused(client.admin("PATCH", "/shirts/" + value).body(MERGE_PATCH, "{}").send(), "id");
            assertRefused(client.admin("DELETE", "/shirts/" + value).send(), "id");
            checked.add(value);
        }
        assertThat(checked).hasSize(UNSTORABLE.size());
        assertThat(client.seq()).isEqualTo(seq);
    }

    @Test
    void everyPriceInABodyRefusesNumbersTheShopCannotStoreNamingIt() {
        JsonNode shirt = client.create("Priced", "24.99");
        long id = shirt.get("id").asLong();
        long seq = client.seq();
        for (String value : UNSTORABLE) {
            String body = VALID.replace("24.99", value);
            assertRefused(client.admin("POST", "/shirts").json(body).send(), "price");
            assertRefused(client.admin("POST", "/shirts").header("Idempotency-Key", "k-" + value.hashCode()).json(body).send(), "price");
            assertRefused(client.admin("PUT", "/shirts/" + id).json(body).send(), "price");
            assertRefused(client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"price\": " + value + "}").send(), "price");
        }
        assertThat(client.seq()).isEqualTo(seq);
        assertThat(client.getJson("/shirts/" + id)).isEqualTo(shirt);
    }

    @Test
    void jsonTypesAreStrictAndTheFieldIsNamed() {
        JsonNode shirt = client.create("Typed", "24.99");
        long id = shirt.get("id").asLong();
        long seq = client.seq();
        String[] notAString = { "123", "1.5", "true", "false", "[\"x\"]", "{\"x\": 1}" };
        for (String field : List.of("name", "color", "description")) {
            for (String value : notAString) {
                String body = "{\"name\": \"Typed\", \"color\": \"red\", \"sizes\": [\"M\"], \"price\": 24.99, \"" + field + "\": " + value + "}";
                assertRefused(client.admin("POST", "/shirts").json(body).send(), field);
                assertRefused(client.admin("PUT", "/shirts/" + id).json(body).send(), field);
                assertRefused(client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"" + field + "\": " + value + "}").send(), field);
            }
        }
        for (String value : List.of("\"24.99\"", "\"24\"", "true", "[24.99]", "{\"amount\": 24.99}")) {
            assertRefused(client.admin("POST", "/shirts").json(VALID.replace("24.99", value)).send(), "price");
            assertRefused(client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"price\": " + value + "}").send(), "price");
        }
        // A size is a name: not its index in the list of sizes, not a lone string for the set.
        assertRefused(client.admin("POST", "/shirts").json(VALID.replace("[\"M\"]", "[1]")).send(), "sizes[0]");
        assertRefused(client.admin("POST", "/shirts").json(VALID.replace("[\"M\"]", "[\"M\", true]")).send(), "sizes[1]");
        assertRefused(client.admin("POST", "/shirts").json(VALID.replace("[\"M\"]", "\"M\"")).send(), "sizes");
        assertRefused(client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"sizes\": [2]}").send(), "sizes[0]");

        assertThat(client.seq()).isEqualTo(seq);
        assertThat(client.getJson("/shirts/" + id)).isEqualTo(shirt);
    }

    @Test
    void theReadmeExamplesStillWork() {
        Response created = client.admin("POST", "/shirts").header("Idempotency-Key", "strict-" + System.nanoTime())
            .json("{\"name\":\"Classic\",\"color\":\"green\",\"sizes\":[\"S\",\"M\",\"L\"],\"price\":24.99,\"description\":\"A new classic.\"}")
            .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.id();
        Response patched = client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"price\":21.50}").send();
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("price").decimalValue()).isEqualByComparingTo("21.50");
        Response replaced = client.admin("PUT", "/shirts/" + id)
            .json("{\"name\":\"Advanced\",\"color\":\"blue\",\"sizes\":[\"S\",\"M\",\"L\",\"XL\"],\"price\":31.00}").send();
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        // A JSON integer is a number too.
        Response whole = client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"price\":30}").send();
        assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
        assertThat(client.get("/shirts?minPrice=20&maxPrice=40&page=0&size=5").status()).isEqualTo(200);
        assertThat(client.get("/shirts?minPrice=99999999.99").status()).isEqualTo(200);
        client.delete(id);
    }

    /** A 400 problem whose errors name {@code field}, and nothing internal in it. */
    private static void assertRefused(Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").findValuesAsString("field")).as(response.toString()).contains(field);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "jackson", "Jackson", "SQL");
    }

}
