package com.example.shop.catalog.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.changePrice;
import static com.example.shop.ShopFixture.delete;
import static com.example.shop.ShopFixture.header;
import static com.example.shop.ShopFixture.json;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.ACCEPT;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;
import static org.springframework.http.HttpHeaders.ETAG;
import static org.springframework.http.HttpHeaders.IF_MATCH;
import static org.springframework.http.HttpHeaders.IF_NONE_MATCH;
import static org.springframework.http.HttpHeaders.LOCATION;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * {@code /shirts} end to end: the whole application on a real port and database, driven by a real
 * HTTP client. Every endpoint, every error the API promises, ETags and If-Match, and that bad input
 * changes nothing stored. Each test makes its own shirts, named with a tag of its own, so the
 * tests share one application and one database.
 */
@ShopTest
class ShirtApiTests {

    static final MediaType MERGE_PATCH = MediaType.parseMediaType("application/merge-patch+json");

    /** The mapper {@link ShopFixture#client(int)} reads JSON with, for the answers of a hand-written request. */
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    RestTestClient client;

    RestTestClient admin;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void client() {
        client = ShopFixture.client(port);
        admin = ShopFixture.asAdmin(client, ShopTest.PASSWORD);
    }

    /** The list's JSON is kept per query and seq: a change must make the very next answer new. */
    @Test
    void aChangeMakesTheNextListAnswerNewEvenForTheSameQuery() {
        String list = "/shirts?size=5&sort=price,desc&q=" + tag;
        ResponseSpec first = get(list);
        assertThat(text(get(list))).isEqualTo(text(first));
        assertThat(json(first).get("shirts")).isEmpty();

        long id = id(admin.post().uri("/shirts").contentType(APPLICATION_JSON).body(shirt("Kept " + tag, "red", "[\"M\"]", "10.00"))
            .exchange());
        ResponseSpec afterCreate = get(list);
        assertThat(json(afterCreate).get("seq").asLong()).isEqualTo(json(first).get("seq").asLong() + 1);
        afterCreate.expectHeader().valueEquals(ETAG, "\"catalog-" + json(afterCreate).get("seq").asLong() + "\"");
        assertThat(json(afterCreate).get("shirts").findValuesAsString("name")).containsExactly("Kept " + tag);

        changePrice(admin, id, "12.00");
        assertThat(json(get(list)).get("shirts").get(0).get("price").decimalValue()).isEqualByComparingTo("12.00");
        delete(admin, id);
        assertThat(json(get(list)).get("shirts")).isEmpty();
    }

    @Test
    void listAnswersShirtsPageAndSeqWithTheSeedInIt() {
        ResponseSpec response = get("/shirts");
        response.expectStatus().isOk()
            .expectHeader().value(CONTENT_TYPE, type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("shirts").isArray()).isTrue();
        assertThat(body.get("page").get("number").asInt()).isZero();
        assertThat(body.get("page").get("size").asInt()).isEqualTo(20);
        assertThat(body.get("page").get("totalElements").asLong()).isGreaterThanOrEqualTo(8);
        long total = body.get("page").get("totalElements").asLong();
        assertThat(body.get("page").get("totalPages").asLong()).isEqualTo((total + 19) / 20);
        response.expectHeader().valueEquals(ETAG, "\"catalog-" + body.get("seq").asLong() + "\"");

        JsonNode basic = json(get("/shirts?q=everyday")).get("shirts").get(0);
        assertThat(basic.get("name").asString()).isEqualTo("Basic");
        assertThat(basic.get("color").asString()).isEqualTo("white");
        assertThat(basic.get("currency").asString()).isEqualTo("EUR");
        assertThat(json(get("/shirts?color=blue&q=advanced")).get("shirts")).hasSize(1);
        assertThat(json(get("/shirts?color=black&q=luxury")).get("shirts")).hasSize(1);
        // The price is a JSON decimal with its two digits, exactly as stored.
        assertThat(text(get("/shirts?q=luxury"))).contains("\"price\":59.00");
    }

    @Test
    void createReadReplacePatchDeleteRoundTrip() {
        ResponseSpec created = create("{\"name\": \"Round " + tag + "\", \"color\": \"teal\", \"sizes\": [\"L\", \"S\"], \"price\": 10.5, \"description\": \"First\"}");
        long id = id(created);
        created.expectStatus().isCreated()
            .expectHeader().valueEquals(LOCATION, "http://localhost:" + port + "/shirts/" + id)
            .expectHeader().valueEquals(ETAG, "\"0\"");
        JsonNode shirt = json(created);
        assertThat(shirt.get("sizes").toString()).isEqualTo("[\"S\",\"L\"]");
        assertThat(text(created)).contains("\"price\":10.50", "\"currency\":\"EUR\"");
        assertThat(shirt.get("createdAt").asString()).isEqualTo(shirt.get("updatedAt").asString());
        assertThat(shirt.get("version").asLong()).isZero();

        ResponseSpec read = get(header(created, LOCATION).substring(("http://localhost:" + port).length()));
        read.expectStatus().isOk();
        assertThat(json(read)).isEqualTo(shirt);
        read.expectHeader().valueEquals(ETAG, "\"0\"");

        ResponseSpec replaced = admin.put().uri("/shirts/" + id).header(IF_MATCH, "\"0\"").contentType(APPLICATION_JSON)
            .body("{\"name\": \"Replaced " + tag + "\", \"color\": \"navy\", \"sizes\": [\"M\"], \"price\": 12}").exchange();
        replaced.expectStatus().isOk()
            .expectHeader().valueEquals(ETAG, "\"1\"");
        assertThat(json(replaced).get("name").asString()).isEqualTo("Replaced " + tag);
        assertThat(json(replaced).has("description") && !json(replaced).get("description").isNull()).isFalse();
        assertThat(json(replaced).get("createdAt")).isEqualTo(shirt.get("createdAt"));

        ResponseSpec patched = admin.patch().uri("/shirts/" + id).header(IF_MATCH, "\"1\"").contentType(MERGE_PATCH)
            .body("{\"price\": 13.99, \"description\": \"Now with text\"}").exchange();
        patched.expectStatus().isOk()
            .expectHeader().valueEquals(ETAG, "\"2\"");
        assertThat(json(patched).get("name").asString()).isEqualTo("Replaced " + tag);
        assertThat(text(patched)).contains("\"price\":13.99");
        assertThat(json(patched).get("description").asString()).isEqualTo("Now with text");
        assertThat(json(get("/shirts/" + id))).isEqualTo(json(patched));

        client.get().uri("/shirts/" + id).header(IF_NONE_MATCH, "\"2\"").exchange().expectStatus().isNotModified();

        admin.delete().uri("/shirts/" + id).header(IF_MATCH, "\"2\"").exchange()
            .expectStatus().isNoContent()
            .expectBody().isEmpty();
        assertProblem(get("/shirts/" + id), 404);
        assertThat(json(get("/shirts?q=" + tag)).get("shirts")).isEmpty();
        assertProblem(admin.delete().uri("/shirts/" + id).exchange(), 404);
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

        JsonNode first = json(get("/shirts?q=" + tag + "&sort=name&size=2"));
        assertThat(first.get("page").toString()).isEqualTo("{\"number\":0,\"size\":2,\"totalElements\":3,\"totalPages\":2}");
        assertThat(json(get("/shirts?q=" + tag + "&sort=name&size=2&page=1")).get("shirts").get(0).get("name").asString())
            .isEqualTo("Charlie " + tag);
        get("/shirts?q=" + tag + "&size=100").expectStatus().isOk();
    }

    @Test
    void listETagChangesWithEveryWriteAndOnlyThen() {
        ResponseSpec first = get("/shirts");
        String etag = header(first, ETAG);
        client.get().uri("/shirts?q=anything&size=5").header(IF_NONE_MATCH, etag).exchange()
            .expectStatus().isNotModified()
            .expectHeader().valueEquals(ETAG, etag)
            .expectBody().isEmpty();

        create(shirt("Etag " + tag, "red", "[\"M\"]", "5"));
        ResponseSpec changed = client.get().uri("/shirts").header(IF_NONE_MATCH, etag).exchange();
        changed.expectStatus().isOk()
            .expectHeader().value(ETAG, value -> assertThat(value).isNotEqualTo(etag));
        assertThat(json(changed).get("seq").asLong()).isGreaterThan(json(first).get("seq").asLong());
    }

    @Test
    void staleIfMatchIsRefusedAndChangesNothing() {
        long id = id(create(shirt("Stale " + tag, "red", "[\"M\"]", "5")));
        admin.patch().uri("/shirts/" + id).contentType(MERGE_PATCH).body("{\"price\": 6}").exchange();
        JsonNode current = json(get("/shirts/" + id));
        long seq = seq(client);

        List<ResponseSpec> refused = List.of(
                admin.put().uri("/shirts/" + id).header(IF_MATCH, "\"0\"").contentType(APPLICATION_JSON)
                    .body(shirt("Other", "red", "[\"M\"]", "7")).exchange(),
                admin.patch().uri("/shirts/" + id).header(IF_MATCH, "\"0\"").contentType(MERGE_PATCH).body("{\"price\": 7}").exchange(),
                admin.delete().uri("/shirts/" + id).header(IF_MATCH, "\"0\"").exchange(),
                admin.delete().uri("/shirts/" + id).header(IF_MATCH, "W/\"1\"").exchange());
        for (ResponseSpec response : refused) {
            assertProblem(response, 412);
            response.expectHeader().valueEquals(ETAG, "\"1\"");
            assertThat(json(response).get("currentEtag").asString()).isEqualTo("\"1\"");
        }
        assertThat(json(get("/shirts/" + id))).isEqualTo(current);
        assertThat(seq(client)).isEqualTo(seq);
        admin.delete().uri("/shirts/" + id).header(IF_MATCH, "\"1\"").exchange().expectStatus().isNoContent();
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyCreatesOneShirt() {
        String key = "key-" + tag;
        String body = shirt("Once " + tag, "red", "[\"M\", \"S\"]", "9.90");
        ResponseSpec first = admin.post().uri("/shirts").header("Idempotency-Key", key).contentType(APPLICATION_JSON).body(body)
            .exchange();
        first.expectStatus().isCreated()
            .expectHeader().doesNotExist("Idempotent-Replayed");
        long seq = seq(client);

        // The same shirt written differently (sizes reordered, a trailing zero) is the same body.
        ResponseSpec retry = admin.post().uri("/shirts").header("Idempotency-Key", key).contentType(APPLICATION_JSON)
            .body(shirt("Once " + tag, "red", "[\"S\", \"M\"]", "9.9")).exchange();
        retry.expectStatus().isCreated()
            .expectHeader().valueEquals("Idempotent-Replayed", "true")
            .expectHeader().valueEquals(LOCATION, header(first, LOCATION));
        assertThat(json(retry)).isEqualTo(json(first));

        ResponseSpec other = admin.post().uri("/shirts").header("Idempotency-Key", key).contentType(APPLICATION_JSON)
            .body(shirt("Twice " + tag, "red", "[\"M\"]", "9.90")).exchange();
        assertProblem(other, 422);
        assertThat(json(other).get("shirtId").asLong()).isEqualTo(id(first));

        assertThat(names("/shirts?q=" + tag)).containsExactly("Once " + tag);
        assertThat(seq(client)).isEqualTo(seq);
    }

    @Test
    void aRetriedCreateWhoseShirtWasDeletedSinceSaysSoAndCreatesNothing() {
        String key = "gone-" + tag;
        String body = shirt("Gone " + tag, "red", "[\"M\"]", "9.90");
        ResponseSpec first = admin.post().uri("/shirts").header("Idempotency-Key", key).contentType(APPLICATION_JSON).body(body)
            .exchange();
        first.expectStatus().isCreated();
        admin.delete().uri("/shirts/" + id(first)).exchange().expectStatus().isNoContent();
        long seq = seq(client);

        ResponseSpec retry = admin.post().uri("/shirts").header("Idempotency-Key", key).contentType(APPLICATION_JSON).body(body)
            .exchange();
        assertProblem(retry, 404);
        assertThat(json(retry).get("detail").asString()).contains("Idempotency-Key", "deleted since");
        assertThat(json(retry).get("id").asLong()).isEqualTo(id(first));
        assertThat(names("/shirts?q=" + tag)).isEmpty();
        assertThat(seq(client)).isEqualTo(seq);
    }

    @Test
    void invalidShirtsAreRefusedWithOneEntryPerFieldAndNothingStored() {
        long id = id(create(shirt("Valid " + tag, "red", "[\"M\"]", "5")));
        Stored before = stored(id);
        String invalid = "{\"name\": \"" + "n".repeat(101) + "\", \"color\": \"\", \"sizes\": [], \"price\": 0.001, \"description\": \"" + "d".repeat(2001) + "\"}";

        for (ResponseSpec response : List.of(admin.post().uri("/shirts").contentType(APPLICATION_JSON).body(invalid).exchange(),
                admin.put().uri("/shirts/" + id).contentType(APPLICATION_JSON).body(invalid).exchange())) {
            assertProblem(response, 400);
            assertThat(json(response).get("errors")).hasSize(5);
            assertThat(json(response).get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "color", "sizes", "price", "description");
        }
        ResponseSpec patch = admin.patch().uri("/shirts/" + id).contentType(MERGE_PATCH).body("{\"name\": null, \"price\": -1}").exchange();
        assertProblem(patch, 400);
        assertThat(json(patch).get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "price");
        assertThat(stored(id)).isEqualTo(before);
    }

    @Test
    void everyKindOfBadInputIsAProblemAndChangesNothing() throws Exception {
        long id = id(create(shirt("Target " + tag, "red", "[\"M\"]", "5")));
        Stored before = stored(id);
        String valid = shirt("New " + tag, "red", "[\"M\"]", "5");
        record Case(String name, int status, ResponseSpec response) {
        }
        List<Case> cases = List.of(
                new Case("malformed JSON", 400, postJson("{\"name\": \"x\",")),
                new Case("not an object", 400, postJson("[1]")),
                new Case("empty body", 400, postJson("")),
                new Case("price of the wrong type", 400, postJson(valid.replace("\"price\": 5", "\"price\": \"five\""))),
                new Case("unknown size", 400, postJson(valid.replace("\"M\"", "\"XXXL\""))),
                new Case("three fraction digits", 400, postJson(valid.replace("\"price\": 5", "\"price\": 5.001"))),
                new Case("NUL in the name", 400, postJson(valid.replace("New ", "New\\u0000"))),
                new Case("patch price hidden in a double", 400, admin.patch().uri("/shirts/" + id).contentType(MERGE_PATCH)
                    .body("{\"price\": 4.9999999999999999}").exchange()),
                new Case("patch not an object", 400, admin.patch().uri("/shirts/" + id).contentType(MERGE_PATCH).body("[]").exchange()),
                new Case("patch as plain JSON", 415, admin.patch().uri("/shirts/" + id).contentType(APPLICATION_JSON)
                    .body("{\"price\": 6}").exchange()),
                new Case("text body", 415, admin.post().uri("/shirts").header(CONTENT_TYPE, "text/plain").body(valid).exchange()),
                new Case("XML body", 415, admin.put().uri("/shirts/" + id).header(CONTENT_TYPE, "application/xml").body("<shirt/>")
                    .exchange()),
                new Case("XML wanted", 406, admin.post().uri("/shirts").header(ACCEPT, "application/xml").contentType(APPLICATION_JSON)
                    .body(valid).exchange()),
                new Case("HTML wanted", 406, client.get().uri("/shirts/" + id).header(ACCEPT, "text/html").exchange()),
                new Case("DELETE on the list", 405, admin.delete().uri("/shirts").exchange()),
                new Case("POST on a shirt", 405, admin.post().uri("/shirts/" + id).contentType(APPLICATION_JSON).body(valid).exchange()),
                new Case("TRACE", 405, admin.method(HttpMethod.TRACE).uri("/shirts").exchange()),
                new Case("body over the limit", 413, postJson(valid.replace("New ", "x".repeat(70_000)))),
                new Case("unknown shirt", 404, admin.put().uri("/shirts/999999999").contentType(APPLICATION_JSON).body(valid).exchange()),
                new Case("unknown shirt patched", 404, admin.patch().uri("/shirts/999999999").contentType(MERGE_PATCH).body("{}")
                    .exchange()),
                new Case("id not a number", 400, admin.delete().uri("/shirts/abc").exchange()),
                new Case("path the firewall rejects", 400, admin.delete().uri("/shirts//" + id).exchange()),
                new Case("unknown sort", 400, get("/shirts?sort=color")),
                new Case("sort direction", 400, get("/shirts?sort=price,sideways")),
                new Case("page size over 100", 400, get("/shirts?size=101")),
                new Case("negative page", 400, get("/shirts?page=-1")),
                new Case("size not a number", 400, get("/shirts?size=twenty")),
                new Case("unknown size filter", 400, get("/shirts?sizes=XXXL")),
                new Case("huge price filter", 400, get("/shirts?minPrice=1e999999999")),
                new Case("min over max", 400, get("/shirts?minPrice=20&maxPrice=10")),
                new Case("NUL in q", 400, get("/shirts?q=%00")),
                new Case("unknown path", 404, get("/no-such-page")));
        for (Case c : cases) {
            ExchangeResult result = c.response().returnResult();
            assertThat(result.getStatus().value()).as(c.name() + ": " + result).isEqualTo(c.status());
            assertProblem(c.response(), c.status());
        }
        HttpResponse<String> chunked = postChunked(valid.replace("New ", "x".repeat(70_000)).getBytes(StandardCharsets.UTF_8));
        assertThat(chunked.statusCode()).as("chunked body over the limit: " + chunked.body()).isEqualTo(413);
        assertProblem(chunked, 413);
        // No Java client sends a malformed percent-encoding; a socket does.
        String raw = raw("GET", "/shirts?q=%zz");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
            .contains("not valid percent-encoded UTF-8").doesNotContain("Exception");

        assertThat(stored(id)).isEqualTo(before);
        assertThat(json(get("/shirts?q=" + tag)).get("page").get("totalElements").asLong()).isEqualTo(1);
    }

    @Test
    void aWriteThatWaitsTooLongForAnotherIsAConflictAndChangesNothing() throws Exception {
        long seq = seq(client);
        CatalogLock.hold(transactions, jdbc, () -> assertProblem(postJson(shirt("Waited " + tag, "red", "[\"M\"]", "5")), 409));
        assertThat(names("/shirts?q=" + tag)).isEmpty();
        assertThat(seq(client)).isEqualTo(seq);
    }

    @Test
    void requestsTheServerRefusesBeforeTheShopSeesThemAreProblemsToo() throws IOException {
        // Refused by Tomcat itself while it parses the request line: a malformed percent-encoding, an
        // encoded slash, a character a request line may not hold.
        for (String target : List.of("/shirts/%zz", "/shirts/1%2F2", "/shirts?q=a|b")) {
            String raw = raw("GET", target);
            assertThat(raw).as(target).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
                .contains("\"status\":400").doesNotContain("<html", "Tomcat");
        }
    }

    @Test
    void bodyAtTheLimitIsReadButOneByteMoreIsNot() {
        String base = shirt("Limit " + tag, "red", "[\"M\"]", "5");
        String padding = " ".repeat(64 * 1024 - base.getBytes(StandardCharsets.UTF_8).length);
        postJson(base + padding).expectStatus().isCreated();
        assertProblem(postJson(base.replace("Limit", "Limit2") + padding + " "), 413);
        assertThat(names("/shirts?q=" + tag)).containsExactly("Limit " + tag);
    }

    @Test
    void aBodyOverTheLimitIsToldTheLimitHoweverItIsSent() throws Exception {
        byte[] large = shirt("x".repeat(70_000), "red", "[\"M\"]", "5").getBytes(StandardCharsets.UTF_8);
        ResponseSpec whole = postJson(new String(large, StandardCharsets.UTF_8));
        assertProblem(whole, 413);
        assertThat(json(whole).get("detail").asString()).contains(64 * 1024 + " bytes");
        HttpResponse<String> chunked = postChunked(large);
        assertProblem(chunked, 413);
        assertThat(JSON.readTree(chunked.body()).get("detail").asString()).contains(64 * 1024 + " bytes");
    }

    @Test
    void headAnswersLikeGetWithoutBody() {
        client.head().uri("/shirts").exchange()
            .expectStatus().isOk()
            .expectHeader().valueEquals(ETAG, header(get("/shirts"), ETAG))
            .expectBody().isEmpty();
    }

    // --- helpers --------------------------------------------------------------------------------

    /** What is stored about one shirt and the catalog as a whole: a bad request must change none of it. */
    record Stored(JsonNode shirt, long seq, long total) {
    }

    private Stored stored(long id) {
        JsonNode list = json(get("/shirts"));
        return new Stored(json(get("/shirts/" + id)), list.get("seq").asLong(), list.get("page").get("totalElements").asLong());
    }

    private ResponseSpec get(String path) {
        return client.get().uri(path).exchange();
    }

    /** {@code json} POSTed to /shirts as the admin. */
    private ResponseSpec postJson(String json) {
        return admin.post().uri("/shirts").contentType(APPLICATION_JSON).body(json).exchange();
    }

    private ResponseSpec create(String json) {
        ResponseSpec response = postJson(json);
        response.expectStatus().isCreated();
        return response;
    }

    /** The id of the shirt in a response. */
    static long id(ResponseSpec response) {
        return json(response).get("id").asLong();
    }

    static String shirt(String name, String color, String sizes, String price) {
        return "{\"name\": \"" + name + "\", \"color\": \"" + color + "\", \"sizes\": " + sizes + ", \"price\": " + price + "}";
    }

    private List<String> names(String path) {
        ResponseSpec response = get(path);
        response.expectStatus().isOk();
        return json(response).get("shirts").findValuesAsString("name");
    }

    /**
     * POSTs {@code body} to /shirts as the admin in chunks, its length unknown until it is read.
     * Written by hand: RestTestClient buffers every request body (to record it for its
     * diagnostics), and so always sends a Content-Length.
     */
    private HttpResponse<String> postChunked(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/shirts"))
            .timeout(Duration.ofSeconds(30))
            .header(HttpHeaders.AUTHORIZATION, "Basic " + HttpHeaders.encodeBasicAuth(ShopFixture.ADMIN, ShopTest.PASSWORD, StandardCharsets.UTF_8))
            .header(CONTENT_TYPE, "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
            .send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends a request line as is over a socket, for targets no HTTP client sends (RestTestClient,
     * like any, takes only a valid URI: no malformed percent-encoding). Answers the whole response,
     * status line first.
     */
    private String raw(String method, String target) throws IOException {
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** RFC 9457 problem JSON with nothing internal in it. */
    static void assertProblem(ResponseSpec response, int status) {
        response.expectStatus().isEqualTo(status)
            .expectHeader().value(CONTENT_TYPE, type -> assertThat(type).startsWith("application/problem+json"));
        assertProblemBody(json(response), text(response), status);
    }

    /** The same, for the answer to a request written by hand. */
    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue(CONTENT_TYPE).orElse("")).as(response + " " + response.body())
            .startsWith("application/problem+json");
        assertProblemBody(JSON.readTree(response.body()), response.body(), status);
    }

    private static void assertProblemBody(JsonNode problem, String body, int status) {
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(body).doesNotContain("Exception", "\tat ", "org.hibernate", "SQL", "trace");
    }

}
