package com.example.shop.catalog.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.shop.ShopClient;
import com.example.shop.ShopTest;
import com.example.shop.ShopClient.Response;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /shirts} end to end: the whole application on a real port and database, driven by a real
 * HTTP client. Every endpoint, every error the API promises, ETags and If-Match, and that bad input
 * changes nothing stored. Each test makes its own shirts, named with a tag of its own, so the
 * tests share one application and one database.
 */
@ShopTest
class ShirtApiTests {

    static final String MERGE_PATCH = "application/merge-patch+json";

    @LocalServerPort
    int port;

    @Value("${shop.admin.password}")
    String password;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    ShopClient client;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void client() {
        client = new ShopClient(port, password);
    }

    /** The list's JSON is kept per query and seq: a change must make the very next answer new. */
    @Test
    void aChangeMakesTheNextListAnswerNewEvenForTheSameQuery() {
        String list = "/shirts?size=5&sort=price,desc&q=" + tag;
        Response first = client.get(list);
        assertThat(client.get(list).body()).isEqualTo(first.body());
        assertThat(first.json().get("shirts")).isEmpty();

        long id = client.admin("POST", "/shirts").json(shirt("Kept " + tag, "red", "[\"M\"]", "10.00")).send().id();
        Response afterCreate = client.get(list);
        assertThat(afterCreate.json().get("seq").asLong()).isEqualTo(first.json().get("seq").asLong() + 1);
        assertThat(afterCreate.header("ETag")).isEqualTo("\"catalog-" + afterCreate.json().get("seq").asLong() + "\"");
        assertThat(afterCreate.json().get("shirts").findValuesAsString("name")).containsExactly("Kept " + tag);

        client.changePrice(id, "12.00");
        assertThat(client.get(list).json().get("shirts").get(0).get("price").decimalValue()).isEqualByComparingTo("12.00");
        client.delete(id);
        assertThat(client.get(list).json().get("shirts")).isEmpty();
    }

    @Test
    void listAnswersShirtsPageAndSeqWithTheSeedInIt() {
        Response response = client.get("/shirts");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("shirts").isArray()).isTrue();
        assertThat(body.get("page").get("number").asInt()).isZero();
        assertThat(body.get("page").get("size").asInt()).isEqualTo(20);
        assertThat(body.get("page").get("totalElements").asLong()).isGreaterThanOrEqualTo(8);
        long total = body.get("page").get("totalElements").asLong();
        assertThat(body.get("page").get("totalPages").asLong()).isEqualTo((total + 19) / 20);
        assertThat(response.header("ETag")).isEqualTo("\"catalog-" + body.get("seq").asLong() + "\"");

        JsonNode basic = client.get("/shirts?q=everyday").json().get("shirts").get(0);
        assertThat(basic.get("name").asString()).isEqualTo("Basic");
        assertThat(basic.get("color").asString()).isEqualTo("white");
        assertThat(basic.get("currency").asString()).isEqualTo("EUR");
        assertThat(client.get("/shirts?color=blue&q=advanced").json().get("shirts")).hasSize(1);
        assertThat(client.get("/shirts?color=black&q=luxury").json().get("shirts")).hasSize(1);
        // The price is a JSON decimal with its two digits, exactly as stored.
        assertThat(client.get("/shirts?q=luxury").body()).contains("\"price\":59.00");
    }

    @Test
    void createReadReplacePatchDeleteRoundTrip() {
        Response created = create("{\"name\": \"Round " + tag + "\", \"color\": \"teal\", \"sizes\": [\"L\", \"S\"], \"price\": 10.5, \"description\": \"First\"}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.id();
        assertThat(created.header("Location")).isEqualTo("http://localhost:" + port + "/shirts/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        JsonNode shirt = created.json();
        assertThat(shirt.get("sizes").toString()).isEqualTo("[\"S\",\"L\"]");
        assertThat(created.body()).contains("\"price\":10.50", "\"currency\":\"EUR\"");
        assertThat(shirt.get("createdAt").asString()).isEqualTo(shirt.get("updatedAt").asString());
        assertThat(shirt.get("version").asLong()).isZero();

        Response read = client.get(created.header("Location").substring(("http://localhost:" + port).length()));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(shirt);
        assertThat(read.header("ETag")).isEqualTo("\"0\"");

        Response replaced = client.admin("PUT", "/shirts/" + id).header("If-Match", "\"0\"")
            .json("{\"name\": \"Replaced " + tag + "\", \"color\": \"navy\", \"sizes\": [\"M\"], \"price\": 12}").send();
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"1\"");
        assertThat(replaced.json().get("name").asString()).isEqualTo("Replaced " + tag);
        assertThat(replaced.json().has("description") && !replaced.json().get("description").isNull()).isFalse();
        assertThat(replaced.json().get("createdAt")).isEqualTo(shirt.get("createdAt"));

        Response patched = client.admin("PATCH", "/shirts/" + id).header("If-Match", "\"1\"")
            .body(MERGE_PATCH, "{\"price\": 13.99, \"description\": \"Now with text\"}").send();
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");
        assertThat(patched.json().get("name").asString()).isEqualTo("Replaced " + tag);
        assertThat(patched.body()).contains("\"price\":13.99");
        assertThat(patched.json().get("description").asString()).isEqualTo("Now with text");
        assertThat(client.get("/shirts/" + id).json()).isEqualTo(patched.json());

        assertThat(client.get("/shirts/" + id, "If-None-Match", "\"2\"").status()).isEqualTo(304);

        Response deleted = client.admin("DELETE", "/shirts/" + id).header("If-Match", "\"2\"").send();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertProblem(client.get("/shirts/" + id), 404);
        assertThat(client.get("/shirts?q=" + tag).json().get("shirts")).isEmpty();
        assertProblem(client.admin("DELETE", "/shirts/" + id).send(), 404);
    }

    @Test
    void filtersSortAndPagesOverHttp() {
        create(shirt("Alpha " + tag, "red", "[\"S\", \"M\"]", "30.00"));
        create(shirt("Bravo " + tag, "Red", "[\"M\", \"XL\"]", "10.00"));
        create(shirt("Charlie " + tag, "blue", "[\"M\"]", "20.00"));

        assertThat(names("/shirts?q=" + tag + "&sort=price,desc")).containsExactly("Alpha " + tag, "Charlie " + tag, "Bravo " + tag);
        assertThat(names("/shirts?q=" + tag.toUpperCase() + "&sort=name,desc")).containsExactly("Charlie " + tag, "Bravo " + tag, "Alpha " + tag);
        assertThat(names("/shirts?q=" + tag + "&color=RED&sort=name")).containsExactly("Alpha " + tag, "Bravo " + tag);
        assertThat(names("/shirts?q=" + tag + "&sizes=M&sizes=XL")).containsExactly("Bravo " + tag);
        assertThat(names("/shirts?q=" + tag + "&minPrice=10.00&maxPrice=20&sort=price")).containsExactly("Bravo " + tag, "Charlie " + tag);
        assertThat(names("/shirts?q=" + tag + "&sort=createdAt,desc")).containsExactly("Charlie " + tag, "Bravo " + tag, "Alpha " + tag);

        JsonNode first = client.get("/shirts?q=" + tag + "&sort=name&size=2").json();
        assertThat(first.get("page").toString()).isEqualTo("{\"number\":0,\"size\":2,\"totalElements\":3,\"totalPages\":2}");
        assertThat(client.get("/shirts?q=" + tag + "&sort=name&size=2&page=1").json().get("shirts").get(0).get("name").asString())
            .isEqualTo("Charlie " + tag);
        assertThat(client.get("/shirts?q=" + tag + "&size=100").status()).isEqualTo(200);
    }

    @Test
    void listETagChangesWithEveryWriteAndOnlyThen() {
        Response first = client.get("/shirts");
        String etag = first.header("ETag");
        Response notModified = client.get("/shirts?q=anything&size=5", "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(etag);

        create(shirt("Etag " + tag, "red", "[\"M\"]", "5"));
        Response changed = client.get("/shirts", "If-None-Match", etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(changed.json().get("seq").asLong()).isGreaterThan(first.json().get("seq").asLong());
    }

    @Test
    void staleIfMatchIsRefusedAndChangesNothing() {
        long id = create(shirt("Stale " + tag, "red", "[\"M\"]", "5")).id();
        client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"price\": 6}").send();
        JsonNode current = client.get("/shirts/" + id).json();
        long seq = client.seq();

        List<Response> refused = List.of(
                client.admin("PUT", "/shirts/" + id).header("If-Match", "\"0\"").json(shirt("Other", "red", "[\"M\"]", "7")).send(),
                client.admin("PATCH", "/shirts/" + id).header("If-Match", "\"0\"").body(MERGE_PATCH, "{\"price\": 7}").send(),
                client.admin("DELETE", "/shirts/" + id).header("If-Match", "\"0\"").send(),
                client.admin("DELETE", "/shirts/" + id).header("If-Match", "W/\"1\"").send());
        for (Response response : refused) {
            assertProblem(response, 412);
            assertThat(response.header("ETag")).isEqualTo("\"1\"");
            assertThat(response.json().get("currentEtag").asString()).isEqualTo("\"1\"");
        }
        assertThat(client.get("/shirts/" + id).json()).isEqualTo(current);
        assertThat(client.seq()).isEqualTo(seq);
        assertThat(client.admin("DELETE", "/shirts/" + id).header("If-Match", "\"1\"").send().status()).isEqualTo(204);
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyCreatesOneShirt() {
        String key = "key-" + tag;
        String body = shirt("Once " + tag, "red", "[\"M\", \"S\"]", "9.90");
        Response first = client.admin("POST", "/shirts").header("Idempotency-Key", key).json(body).send();
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        long seq = client.seq();

        // The same shirt written differently (sizes reordered, a trailing zero) is the same body.
        Response retry = client.admin("POST", "/shirts").header("Idempotency-Key", key)
            .json(shirt("Once " + tag, "red", "[\"S\", \"M\"]", "9.9")).send();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.json()).isEqualTo(first.json());

        Response other = client.admin("POST", "/shirts").header("Idempotency-Key", key)
            .json(shirt("Twice " + tag, "red", "[\"M\"]", "9.90")).send();
        assertProblem(other, 422);
        assertThat(other.json().get("shirtId").asLong()).isEqualTo(first.id());

        assertThat(names("/shirts?q=" + tag)).containsExactly("Once " + tag);
        assertThat(client.seq()).isEqualTo(seq);
    }

    @Test
    void aRetriedCreateWhoseShirtWasDeletedSinceSaysSoAndCreatesNothing() {
        String key = "gone-" + tag;
        String body = shirt("Gone " + tag, "red", "[\"M\"]", "9.90");
        Response first = client.admin("POST", "/shirts").header("Idempotency-Key", key).json(body).send();
        assertThat(first.status()).isEqualTo(201);
        assertThat(client.admin("DELETE", "/shirts/" + first.id()).send().status()).isEqualTo(204);
        long seq = client.seq();

        Response retry = client.admin("POST", "/shirts").header("Idempotency-Key", key).json(body).send();
        assertProblem(retry, 404);
        assertThat(retry.json().get("detail").asString()).contains("Idempotency-Key", "deleted since");
        assertThat(retry.json().get("id").asLong()).isEqualTo(first.id());
        assertThat(names("/shirts?q=" + tag)).isEmpty();
        assertThat(client.seq()).isEqualTo(seq);
    }

    @Test
    void invalidShirtsAreRefusedWithOneEntryPerFieldAndNothingStored() {
        long id = create(shirt("Valid " + tag, "red", "[\"M\"]", "5")).id();
        Stored before = stored(id);
        String invalid = "{\"name\": \"" + "n".repeat(101) + "\", \"color\": \"\", \"sizes\": [], \"price\": 0.001, \"description\": \"" + "d".repeat(2001) + "\"}";

        for (Response response : List.of(client.admin("POST", "/shirts").json(invalid).send(),
                client.admin("PUT", "/shirts/" + id).json(invalid).send())) {
            assertProblem(response, 400);
            assertThat(response.json().get("errors")).hasSize(5);
            assertThat(response.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "color", "sizes", "price", "description");
        }
        Response patch = client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"name\": null, \"price\": -1}").send();
        assertProblem(patch, 400);
        assertThat(patch.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "price");
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void everyKindOfBadInputIsAProblemAndChangesNothing() {
        long id = create(shirt("Target " + tag, "red", "[\"M\"]", "5")).id();
        Stored before = stored(id);
        String valid = shirt("New " + tag, "red", "[\"M\"]", "5");
        record Case(String name, int status, Response response) {
        }
        List<Case> cases = List.of(
                new Case("malformed JSON", 400, client.admin("POST", "/shirts").json("{\"name\": \"x\",").send()),
                new Case("not an object", 400, client.admin("POST", "/shirts").json("[1]").send()),
                new Case("empty body", 400, client.admin("POST", "/shirts").json("").send()),
                new Case("price of the wrong type", 400, client.admin("POST", "/shirts").json(valid.replace("\"price\": 5", "\"price\": \"five\"")).send()),
                new Case("unknown size", 400, client.admin("POST", "/shirts").json(valid.replace("\"M\"", "\"XXXL\"")).send()),
                new Case("three fraction digits", 400, client.admin("POST", "/shirts").json(valid.replace("\"price\": 5", "\"price\": 5.001")).send()),
                new Case("NUL in the name", 400, client.admin("POST", "/shirts").json(valid.replace("New ", "New\\u0000")).send()),
                new Case("patch price hidden in a double", 400, client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "{\"price\": 4.9999999999999999}").send()),
                new Case("patch not an object", 400, client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, "[]").send()),
                new Case("patch as plain JSON", 415, client.admin("PATCH", "/shirts/" + id).json("{\"price\": 6}").send()),
                new Case("text body", 415, client.admin("POST", "/shirts").body("text/plain", valid).send()),
                new Case("XML body", 415, client.admin("PUT", "/shirts/" + id).body("application/xml", "<shirt/>").send()),
                new Case("XML wanted", 406, client.admin("POST", "/shirts").header("Accept", "application/xml").json(valid).send()),
                new Case("HTML wanted", 406, client.get("/shirts/" + id, "Accept", "text/html")),
                new Case("DELETE on the list", 405, client.admin("DELETE", "/shirts").send()),
                new Case("POST on a shirt", 405, client.admin("POST", "/shirts/" + id).json(valid).send()),
                new Case("TRACE", 405, client.admin("TRACE", "/shirts").send()),
                new Case("body over the limit", 413, client.admin("POST", "/shirts").json(valid.replace("New ", "x".repeat(70_000))).send()),
                new Case("chunked body over the limit", 413, client.admin("POST", "/shirts")
                    .chunked("application/json", valid.replace("New ", "x".repeat(70_000)).getBytes(StandardCharsets.UTF_8)).send()),
                new Case("unknown shirt", 404, client.admin("PUT", "/shirts/999999999").json(valid).send()),
                new Case("unknown shirt patched", 404, client.admin("PATCH", "/shirts/999999999").body(MERGE_PATCH, "{}").send()),
                new Case("id not a number", 400, client.admin("DELETE", "/shirts/abc").send()),
                new Case("path the firewall rejects", 400, client.admin("DELETE", "/shirts//" + id).send()),
                new Case("unknown sort", 400, client.get("/shirts?sort=color")),
                new Case("sort direction", 400, client.get("/shirts?sort=price,sideways")),
                new Case("page size over 100", 400, client.get("/shirts?size=101")),
                new Case("negative page", 400, client.get("/shirts?page=-1")),
                new Case("size not a number", 400, client.get("/shirts?size=twenty")),
                new Case("unknown size filter", 400, client.get("/shirts?sizes=XXXL")),
                new Case("huge price filter", 400, client.get("/shirts?minPrice=1e999999999")),
                new Case("min over max", 400, client.get("/shirts?minPrice=20&maxPrice=10")),
                new Case("NUL in q", 400, client.get("/shirts?q=%00")),
                new Case("unknown path", 404, client.get("/no-such-page")));
        for (Case c : cases) {
            assertThat(c.response().status()).as(c.name() + ": " + c.response()).isEqualTo(c.status());
            assertProblem(c.response(), c.status());
        }
        // No Java client sends a malformed percent-encoding; a socket does.
        String raw = client.raw("GET", "/shirts?q=%zz");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
            .contains("not valid percent-encoded UTF-8").doesNotContain("Exception");

        assertThat(stored(id)).isEqualTo(before);
        assertThat(client.get("/shirts?q=" + tag).json().get("page").get("totalElements").asLong()).isEqualTo(1);
    }

    @Test
    void aWriteThatWaitsTooLongForAnotherIsAConflictAndChangesNothing() throws Exception {
        long seq = client.seq();
        var locked = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        // Another writer holds the catalog's sequence row, as every write does while it runs.
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            jdbc.queryForObject("SELECT last_seq FROM catalog_sequence WHERE id = 1 FOR UPDATE", Long.class);
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            Response response = client.admin("POST", "/shirts").json(shirt("Waited " + tag, "red", "[\"M\"]", "5")).send();
            assertProblem(response, 409);
        }
        finally {
            release.countDown();
            other.get(30, TimeUnit.SECONDS);
        }
        assertThat(names("/shirts?q=" + tag)).isEmpty();
        assertThat(client.seq()).isEqualTo(seq);
    }

    @Test
    void requestsTheServerRefusesBeforeTheShopSeesThemAreProblemsToo() {
        // Refused by Tomcat itself while it parses the request line: a malformed percent-encoding, an
        // encoded slash, a character a request line may not hold.
        for (String target : List.of("/shirts/%zz", "/shirts/1%2F2", "/shirts?q=a|b")) {
            String raw = client.raw("GET", target);
            assertThat(raw).as(target).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
                .contains("\"status\":400").doesNotContain("<html", "Tomcat");
        }
    }

    @Test
    void bodyAtTheLimitIsReadButOneByteMoreIsNot() {
        String base = shirt("Limit " + tag, "red", "[\"M\"]", "5");
        String padding = " ".repeat(64 * 1024 - base.getBytes(StandardCharsets.UTF_8).length);
        assertThat(client.admin("POST", "/shirts").json(base + padding).send().status()).isEqualTo(201);
        assertProblem(client.admin("POST", "/shirts").json(base.replace("Limit", "Limit2") + padding + " ").send(), 413);
        assertThat(names("/shirts?q=" + tag)).containsExactly("Limit " + tag);
    }

    @Test
    void aBodyOverTheLimitIsToldTheLimitHoweverItIsSent() {
        byte[] large = shirt("x".repeat(70_000), "red", "[\"M\"]", "5").getBytes(StandardCharsets.UTF_8);
        for (Response response : List.of(client.admin("POST", "/shirts").json(new String(large, StandardCharsets.UTF_8)).send(),
                client.admin("POST", "/shirts").chunked("application/json", large).send())) {
            assertProblem(response, 413);
            assertThat(response.json().get("detail").asString()).contains(64 * 1024 + " bytes");
        }
    }

    @Test
    void headAnswersLikeGetWithoutBody() {
        Response head = client.anonymous("HEAD", "/shirts").send();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("ETag")).isEqualTo(client.get("/shirts").header("ETag"));
        assertThat(head.body()).isEmpty();
    }

    // --- helpers --------------------------------------------------------------------------------

    /** What is stored about one shirt and the catalog as a whole: a bad request must change none of it. */
    record Stored(JsonNode shirt, long seq, long total) {
    }

    private Stored stored(long id) {
        JsonNode list = client.get("/shirts").json();
        return new Stored(client.get("/shirts/" + id).json(), list.get("seq").asLong(), list.get("page").get("totalElements").asLong());
    }

    private Response create(String json) {
        Response response = client.admin("POST", "/shirts").json(json).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    static String shirt(String name, String color, String sizes, String price) {
        return "{\"name\": \"" + name + "\", \"color\": \"" + color + "\", \"sizes\": " + sizes + ", \"price\": " + price + "}";
    }

    private List<String> names(String path) {
        Response response = client.get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("shirts").findValuesAsString("name");
    }

    /** RFC 9457 problem JSON with nothing internal in it. */
    static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "org.hibernate", "SQL", "trace");
    }

}
