package com.example.shop.web;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContextManager;

import com.example.shop.ShopTest;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile corpus drawn from the API document at run time: for every operation of
 * {@code /v3/api-docs}, every parameter and every body field gets what a hostile or careless
 * client sends (numbers at and past their bounds, huge exponents, NaN, empty, long and non-UTF-8
 * strings, wrong JSON types, unknown enum values, missing and extra members, bodies that are not
 * JSON), as an anonymous client and as the admin. Nothing may answer 5xx; every 4xx is problem JSON
 * valid against the document's own {@code ProblemDetail} schema; and a refused request changes
 * nothing stored: the first page of the catalog, the shirt the request aimed at and the catalog seq
 * are the same after it. No path is named here, so operations added later are covered as soon as
 * they are documented.
 * <p>
 * Property-based with jqwik: a failure is shrunk to a small request and its seed kept
 * ({@code target/jqwik-database}) to run first next time. The suite runs a fixed seed and a few
 * hundred tries; {@code bench/fuzz.sh} runs the long property with a random seed and many more.
 * <p>
 * jqwik is not a Jupiter extension, so the class gets the application context from Spring's test
 * context framework itself; being a {@link ShopTest}, it is the context the other end-to-end tests
 * share.
 */
@ShopTest
class HostileCorpusTests {

    /** The seed of the suite's run: the same requests every time, so a failure is a change of the shop. */
    static final String SEED = "20261206";

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final Set<String> WRITES = Set.of("post", "put", "patch", "delete");

    /** The writes open to a shopper without an account: their cart, and the checkout. */
    static final Set<String> SHOPPER_WRITES = Set.of("PUT /cart/items/{shirtId}/{size}",
            "DELETE /cart/items/{shirtId}/{size}", "DELETE /cart", "POST /orders");

    /** Where the shopper's requests come from, as the shop's proxy forwards it: a per-address limit of its own. */
    static final String SHOPPER_ADDRESS = "10.251.0.1";

    private static @Nullable Shop shop;

    /** What was refused and what was accepted, per operation and target: the run must reach them all. */
    private static final Map<String, Set<String>> REACHED = new ConcurrentHashMap<>();

    /**
     * The shop under test: the one the other end-to-end tests share; or, when {@code shop.corpus.url}
     * names one (with the admin's password in {@code shop.corpus.password}), a shop running
     * elsewhere, such as one on PostgreSQL ({@code bench/fuzz.sh} says how).
     */
    @BeforeContainer
    static void start() throws Exception {
        String external = System.getProperty("shop.corpus.url", "");
        if (!external.isBlank()) {
            shop = new Shop(external, System.getProperty("shop.corpus.password", ""));
            return;
        }
        var spring = new TestContextManager(HostileCorpusTests.class);
        ApplicationContext context = spring.getTestContext().getApplicationContext();
        int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        shop = new Shop("http://localhost:" + port, ShopTest.PASSWORD);
    }

    @AfterContainer
    static void everyTargetWasSent() {
        if (shop != null && !REACHED.isEmpty()) {
            assertThat(REACHED.keySet()).as("every parameter and field of every operation was sent something hostile")
                .containsAll(shop.targets().stream().map(Target::name).toList());
            // Not all refused at the door: some generated requests get through, and so reach the
            // code past validation.
            Set<String> statuses = new TreeSet<>();
            REACHED.values().forEach(statuses::addAll);
            assertThat(statuses).as("statuses answered").contains("200", "400", "401", "404");
            // The shopper's writes get past the session and the CSRF token to the code behind them:
            // some are accepted.
            for (String write : SHOPPER_WRITES) {
                Set<String> answered = new TreeSet<>();
                REACHED.forEach((target, each) -> {
                    if (target.startsWith(write + " ")) {
                        answered.addAll(each);
                    }
                });
                assertThat(answered).as("statuses of " + write).anyMatch(status -> status.startsWith("2"));
            }
        }
        REACHED.clear();
    }

    @Property(tries = 400, seed = SEED, generation = GenerationMode.RANDOMIZED)
    void nothingAnswers5xxEveryRefusalIsAProblemAndChangesNothing(@ForAll("hostileRequests") HostileRequest request) throws Exception {
        check(request);
    }

    /** The long run of {@code bench/fuzz.sh}: a random seed, tries from {@code jqwik.tries.default}. */
    @Property(generation = GenerationMode.RANDOMIZED)
    @AddLifecycleHook(LongRunOnly.class)
    void longRun(@ForAll("hostileRequests") HostileRequest request) throws Exception {
        check(request);
    }

    @Provide
    Arbitrary<HostileRequest> hostileRequests() {
        Shop shop = shop();
        // The targets in turn rather than at random, so that a run of at least as many tries as
        // there are targets sends something to each of them, however many operations the shop has.
        List<Target> targets = shop.targets();
        AtomicInteger next = new AtomicInteger();
        Arbitrary<Target> inTurn = Arbitraries.create(() -> targets.get(Math.floorMod(next.getAndIncrement(), targets.size())));
        return Combinators.combine(inTurn.flatMap(Target::hostile), Arbitraries.of(false, true))
            .as((mutation, admin) -> new HostileRequest(mutation.target(), mutation.what(), admin, mutation.apply()));
    }

    private void check(HostileRequest request) throws Exception {
        Shop shop = shop();
        long shirt = shop.ensureShirt();
        Snapshot before = shop.snapshot(shirt);
        Answer answer = shop.send(request, shirt);
        String what = request + " -> " + answer.status() + " " + answer.contentType() + " " + abbreviate(answer.body());
        assertThat(answer.status()).as(what).isLessThan(500);
        boolean refused = answer.status() >= 400;
        if (refused) {
            assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(shop.problemSchema().validate(problem)).as(what).isEmpty();
            assertThat(problem.get("status").asInt()).as(what).isEqualTo(answer.status());
            assertThat(answer.body()).as(what).doesNotContain("Exception", "\tat ", "jackson", "SQL");
        }
        boolean write = WRITES.contains(request.target().operation().method());
        if (!request.admin() && write && !SHOPPER_WRITES.contains(request.target().operation().toString())) {
            assertThat(answer.status()).as("an anonymous write is refused: " + what).isGreaterThanOrEqualTo(400);
        }
        if (refused) {
            assertThat(shop.fresh(shirt)).as("a refused request changes nothing stored: " + what).isEqualTo(before);
        }
        else if (write) {
            // A write that passed (generated data can be valid) may change what is stored.
            shop.changed();
        }
        REACHED.computeIfAbsent(request.target().name(), name -> ConcurrentHashMap.newKeySet()).add(String.valueOf(answer.status()));
    }

    private static Shop shop() {
        if (shop == null) {
            throw new IllegalStateException("The shop was not started");
        }
        return shop;
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** Runs {@link #longRun} only when asked for, as {@code bench/fuzz.sh} does. */
    static final class LongRunOnly implements SkipExecutionHook {

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return Boolean.getBoolean("shop.corpus.long") ? SkipResult.doNotSkip()
                    : SkipResult.skip("the long run of the hostile corpus: bench/fuzz.sh");
        }

    }

    /** One documented operation, as the document describes it. */
    record Operation(String method, String path, List<JsonNode> parameters, @Nullable String bodyType,
            @Nullable JsonNode bodySchema) {

        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }

    }

    /**
     * What one hostile request aims at: a parameter ({@code in} is query, path or header), a field
     * of the body ({@code in} is body), or the body as a whole ({@code in} is "whole body").
     */
    record Target(Operation operation, String in, String field, JsonNode schema, JsonNode document) {

        String name() {
            return operation + " " + in + " " + field;
        }

        Arbitrary<Mutation> hostile() {
            return switch (in) {
                case "body" -> Corpus.jsonValues(schema).map(value -> new Mutation(this, field + "=" + value.label(), base -> {
                    ObjectNode body = (ObjectNode) base.body().deepCopy();
                    body.put(field, "\u0000placeholder");
                    byte[] json = JSON.writeValueAsBytes(body);
                    return base.withBody(Corpus.replace(json, "\"\\u0000placeholder\"", value.bytes()));
                }));
                case "whole body" -> Corpus.wholeBodies(operation, document).map(body -> new Mutation(this, body.label(),
                        base -> base.withBody(body.bytes()).withContentType(body.contentType())));
                case "header" -> Corpus.headerValues(schema).map(value -> new Mutation(this, field + ": " + value,
                        base -> base.withHeader(field, value)));
                case "request header" -> Corpus.mediaTypes().map(value -> new Mutation(this, field + ": " + value,
                        base -> "Content-Type".equals(field) ? base.withContentType(value).withBodyIfNone() : base.withHeader(field, value)));
                default -> Corpus.parameterValues(schema).map(value -> new Mutation(this, field + "=" + value,
                        base -> "path".equals(in) ? base.withPathVariable(field, value) : base.withQuery(field, value)));
            };
        }

        @Override
        public String toString() {
            return name();
        }

    }

    /** A valid request made hostile in one place. */
    record Mutation(Target target, String what, java.util.function.UnaryOperator<Request> change) {

        Request apply() {
            return change.apply(Request.valid(target.operation(), target.document()));
        }

    }

    record HostileRequest(Target target, String what, boolean admin, Request request) {

        @Override
        public String toString() {
            return (admin ? "admin " : "anonymous ") + target.operation() + " [" + abbreviate(what) + "]";
        }

    }

    /**
     * A request before it is sent: path variables and query parameters already percent-encoded
     * (or deliberately not: {@code %FF} is sent as written), headers, body bytes and their type.
     */
    record Request(Operation operation, Map<String, String> pathVariables, List<String> query, Map<String, String> headers,
            JsonNode body, byte @Nullable [] rawBody, @Nullable String contentType) {

        /** The operation's request as the document's examples and types make it valid. */
        static Request valid(Operation operation, JsonNode document) {
            Map<String, String> variables = new LinkedHashMap<>();
            List<String> query = new ArrayList<>();
            Map<String, String> headers = new LinkedHashMap<>();
            for (JsonNode parameter : operation.parameters()) {
                String name = parameter.path("name").asString();
                boolean required = parameter.path("required").asBoolean(false);
                String in = parameter.path("in").asString();
                if ("path".equals(in)) {
                    // A number names the shirt aimed at (see uri); text, such as a size, is its example.
                    JsonNode schema = Corpus.resolve(document, parameter.path("schema"));
                    String type = Corpus.type(schema);
                    boolean number = "integer".equals(type) || "number".equals(type);
                    variables.put(name, number ? "" : Corpus.validText(schema, parameter.path("example")));
                }
                else if (required) {
                    String value = Corpus.validText(Corpus.resolve(document, parameter.path("schema")), parameter.path("example"));
                    if ("header".equals(in)) {
                        headers.put(name, value);
                    }
                    else {
                        query.add(encode(name) + "=" + encode(value));
                    }
                }
            }
            JsonNode body = operation.bodySchema() == null ? JSON.nullNode() : Corpus.validJson(document, operation.bodySchema());
            return new Request(operation, variables, query, headers, body, null, operation.bodyType());
        }

        Request withPathVariable(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(pathVariables);
            copy.put(name, value);
            return new Request(operation, copy, query, headers, body, rawBody, contentType);
        }

        Request withQuery(String name, String value) {
            List<String> copy = new ArrayList<>(query);
            copy.removeIf(pair -> pair.startsWith(encode(name) + "="));
            copy.add(encode(name) + "=" + value);
            return new Request(operation, pathVariables, copy, headers, body, rawBody, contentType);
        }

        Request withHeader(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Request(operation, pathVariables, query, copy, body, rawBody, contentType);
        }

        Request withBody(byte[] bytes) {
            return new Request(operation, pathVariables, query, headers, body, bytes, contentType);
        }

        /** A body even for an operation that reads none, so that a Content-Type goes with something. */
        Request withBodyIfNone() {
            return bytes() != null ? this : withBody("{}".getBytes(StandardCharsets.UTF_8));
        }

        Request withContentType(@Nullable String type) {
            return new Request(operation, pathVariables, query, headers, body, rawBody, type);
        }

        /** The path with its variables: an empty one, not made hostile, names a shirt that exists. */
        String uri(long shirt) {
            String path = operation.path();
            for (var variable : pathVariables.entrySet()) {
                String value = variable.getValue().isEmpty() ? Long.toString(shirt) : variable.getValue();
                path = path.replace("{" + variable.getKey() + "}", value);
            }
            return query.isEmpty() ? path : path + "?" + String.join("&", query);
        }

        byte @Nullable [] bytes() {
            if (rawBody != null) {
                return rawBody;
            }
            return body.isNull() || body.isMissingNode() ? null : JSON.writeValueAsBytes(body);
        }

        static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
        }

    }

    /** What the shop holds that a request could change, as a client reads it. */
    record Snapshot(String firstPage, int shirtStatus, String shirt, String stock, String cart) {
    }

    record Answer(int status, String contentType, String body) {
    }

    /** The running shop: its document, its operations and targets, a client for it. */
    static final class Shop {

        final String base;

        final String password;

        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        final JsonNode document;

        final List<Target> targets;

        final Schema problemSchema;

        long shirt = -1;

        @Nullable Snapshot snapshot;

        /** The shopper's session, which their cart is: made with the shirt, by putting some of it in the cart. */
        @Nullable String shopperSession;

        /** The admin's session: logged in once with the password, so that not every request costs a password check. */
        final String session;

        Shop(String base, String password) throws Exception {
            this.base = base;
            this.password = password;
            Answer answer = get("/v3/api-docs");
            assertThat(answer.status()).isEqualTo(200);
            this.document = JSON.readTree(answer.body());
            this.targets = Corpus.targets(document);
            String location = "https://shop.example/v3/api-docs";
            SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    builder -> builder.schemas(Map.of(location, answer.body())));
            this.problemSchema = registry.getSchema(SchemaLocation.of(location + "#/components/schemas/" + ApiDocumentationConfiguration.PROBLEM));
            // The schema must be able to fail, or every problem would pass it.
            assertThat(problemSchema.validate(JSON.readTree("{\"title\": \"Bad Request\", \"status\": \"400\"}"))).isNotEmpty();
            assertThat(problemSchema.validate(JSON.readTree("{\"status\": 400}"))).isNotEmpty();
            this.session = logIn();
        }

        /**
         * Logs the admin in with the form, as the admin page does, and answers the session cookie.
         * Requests with it send the CSRF token as the page would (the cookie and the header agree).
         */
        private String logIn() throws Exception {
            String form = "username=admin&password=" + Request.encode(password);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
            return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("JSESSIONID="))
                .map(cookie -> cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';')))
                .findFirst().orElseThrow();
        }

        void changed() {
            snapshot = null;
        }

        List<Target> targets() {
            return targets;
        }

        Schema problemSchema() {
            return problemSchema;
        }

        /** A shirt the requests aim at; made again when a request of the admin deleted it. */
        long ensureShirt() throws Exception {
            if (shirt >= 0 && (snapshot != null ? snapshot.shirtStatus() : get("/shirts/" + shirt).status()) == 200) {
                return shirt;
            }
            snapshot = null;
            HttpRequest create = HttpRequest.newBuilder(uri("/shirts"))
                .header("Cookie", session + "; XSRF-TOKEN=corpus").header("X-XSRF-TOKEN", "corpus")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Corpus\",\"color\":\"white\",\"sizes\":[\"M\"],\"price\":19.99}"))
                .build();
            HttpResponse<String> created = http.send(create, HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            shirt = JSON.readTree(created.body()).get("id").asLong();
            // Stock, and a shopper whose cart holds some of it: the cart and order endpoints then
            // have something to change, and a refused request something to leave alone.
            HttpResponse<String> stocked = http.send(HttpRequest.newBuilder(uri("/shirts/" + shirt + "/stock"))
                .header("Cookie", adminCookies()).header("X-XSRF-TOKEN", "corpus").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"M\":1000}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stocked.statusCode()).as(stocked.body()).isEqualTo(200);
            fillCart();
            assertThat(shopperSession).as("the shopper's session").isNotNull();
            return shirt;
        }

        private void fillCart() throws Exception {
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(uri("/cart/items/" + shirt + "/M"))
                .header("Cookie", shopperCookies()).header("X-XSRF-TOKEN", "corpus").header("X-Forwarded-For", SHOPPER_ADDRESS)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":2}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            added.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("JSESSIONID="))
                .map(cookie -> cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';')))
                .findFirst().ifPresent(cookie -> shopperSession = cookie);
        }

        /** What is stored now; kept until a write is accepted, since nothing else changes it. */
        Snapshot snapshot(long shirt) throws Exception {
            if (snapshot != null) {
                return snapshot;
            }
            Answer page = get("/shirts?size=100");
            Answer one = get("/shirts/" + shirt);
            Answer cart = send("GET", "/cart", shopperCookies());
            if (JSON.readTree(cart.body()).path("items").isEmpty()) {
                // Checked out or emptied: filled again, so that the next requests have a cart to change.
                fillCart();
                cart = send("GET", "/cart", shopperCookies());
            }
            Answer stock = send("GET", "/shirts/" + shirt + "/stock", adminCookies());
            snapshot = new Snapshot(page.body(), one.status(), one.body(), stock.status() + " " + stock.body(),
                    cart.status() + " " + cart.body());
            return snapshot;
        }

        /** What is stored now, read again. */
        Snapshot fresh(long shirt) throws Exception {
            snapshot = null;
            return snapshot(shirt);
        }

        Answer send(HostileRequest hostile, long shirt) throws Exception {
            Request request = hostile.request();
            byte[] body = request.bytes();
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request.uri(shirt))).timeout(Duration.ofSeconds(30))
                .method(request.operation().method().toUpperCase(java.util.Locale.ROOT),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (body != null && request.contentType() != null) {
                builder.header("Content-Type", request.contentType());
            }
            request.headers().forEach(builder::header);
            // The admin with their session; anyone else as a shopper with a cart: both send the
            // CSRF token, as their pages do, so that writes get past it to the code behind.
            builder.header("Cookie", hostile.admin() ? adminCookies() : shopperCookies()).header("X-XSRF-TOKEN", "corpus");
            if (!hostile.admin()) {
                builder.header("X-Forwarded-For", SHOPPER_ADDRESS);
            }
            return answer(http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream()));
        }

        private String adminCookies() {
            return session + "; XSRF-TOKEN=corpus";
        }

        private String shopperCookies() {
            return shopperSession == null ? "XSRF-TOKEN=corpus" : shopperSession + "; XSRF-TOKEN=corpus";
        }

        private Answer send(String method, String path, String cookies) throws Exception {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Cookie", cookies)
                .header("X-XSRF-TOKEN", "corpus").header("X-Forwarded-For", SHOPPER_ADDRESS);
            return answer(http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream()));
        }

        Answer get(String path) throws Exception {
            return answer(http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }

        private static Answer answer(HttpResponse<InputStream> response) throws Exception {
            String type = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                // A stream of events stays open; its status and type say enough.
                String text = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(response.statusCode(), type, text);
            }
        }

        private URI uri(String path) {
            return URI.create(base + path);
        }

    }

    /** Reads operations from the document and draws hostile values for their schemas. */
    static final class Corpus {

        private Corpus() {
        }

        static List<Target> targets(JsonNode document) {
            List<Target> targets = new ArrayList<>();
            for (String path : new TreeSet<>(document.path("paths").propertyNames())) {
                JsonNode item = document.path("paths").path(path);
                for (String method : List.of("get", "put", "post", "delete", "options", "head", "patch", "trace")) {
                    JsonNode operationNode = item.path(method);
                    if (!operationNode.isObject()) {
                        continue;
                    }
                    List<JsonNode> parameters = new ArrayList<>();
                    item.path("parameters").forEach(parameters::add);
                    operationNode.path("parameters").forEach(parameters::add);
                    String bodyType = null;
                    JsonNode bodySchema = null;
                    JsonNode content = resolve(document, operationNode.path("requestBody")).path("content");
                    for (String type : content.propertyNames()) {
                        bodyType = type;
                        bodySchema = resolve(document, content.path(type).path("schema"));
                        break;
                    }
                    Operation operation = new Operation(method, path, parameters, bodyType, bodySchema);
                    // Headers every request has, whatever the operation documents.
                    targets.add(new Target(operation, "request header", "Accept", JSON.createObjectNode(), document));
                    targets.add(new Target(operation, "request header", "Content-Type", JSON.createObjectNode(), document));
                    for (JsonNode parameter : parameters) {
                        parameter = resolve(document, parameter);
                        targets.add(new Target(operation, parameter.path("in").asString(), parameter.path("name").asString(),
                                resolve(document, parameter.path("schema")), document));
                    }
                    if (bodySchema != null) {
                        for (String field : bodySchema.path("properties").propertyNames()) {
                            JsonNode property = resolve(document, bodySchema.path("properties").path(field));
                            if (!property.path("readOnly").asBoolean(false)) {
                                targets.add(new Target(operation, "body", field, property, document));
                            }
                        }
                        targets.add(new Target(operation, "whole body", "", bodySchema, document));
                    }
                }
            }
            return List.copyOf(targets);
        }

        static JsonNode resolve(JsonNode document, JsonNode node) {
            JsonNode current = node;
            for (int i = 0; i < 10 && current.has("$ref"); i++) {
                current = document.at(current.get("$ref").asString().substring(1));
            }
            return current;
        }

        static String type(JsonNode schema) {
            JsonNode type = schema.path("type");
            if (type.isArray()) {
                for (JsonNode one : type) {
                    if (!"null".equals(one.asString())) {
                        return one.asString();
                    }
                }
            }
            return type.asString("string");
        }

        /** A valid JSON value for a schema: its example, its first enum value, or one of its type. */
        static JsonNode validJson(JsonNode document, JsonNode schema) {
            schema = resolve(document, schema);
            if (schema.has("example") && !schema.get("example").isNull()) {
                JsonNode example = schema.get("example");
                if ("array".equals(type(schema)) && example.isString()) {
                    // springdoc keeps an array's example as the text it was written as.
                    try {
                        return JSON.readTree(example.asString());
                    }
                    catch (RuntimeException ex) {
                        // Not JSON after all: made from the items below.
                    }
                }
                else {
                    return example;
                }
            }
            if (schema.has("enum")) {
                return schema.get("enum").get(0);
            }
            return switch (type(schema)) {
                case "integer", "number" -> JSON.getNodeFactory().numberNode(schema.path("minimum").asInt(1) + 1);
                case "boolean" -> JSON.getNodeFactory().booleanNode(true);
                case "array" -> JSON.createArrayNode().add(validJson(document, schema.path("items")));
                case "object" -> {
                    ObjectNode object = JSON.createObjectNode();
                    Set<String> required = new TreeSet<>();
                    schema.path("required").forEach(name -> required.add(name.asString()));
                    for (String field : schema.path("properties").propertyNames()) {
                        JsonNode property = resolve(document, schema.path("properties").path(field));
                        if (!property.path("readOnly").asBoolean(false)) {
                            object.set(field, validJson(document, property));
                        }
                    }
                    yield object;
                }
                default -> JSON.getNodeFactory().stringNode("Corpus");
            };
        }

        static String validText(JsonNode schema, JsonNode example) {
            if (!example.isMissingNode() && !example.isNull()) {
                return example.asString();
            }
            return switch (type(schema)) {
                case "integer", "number" -> "1";
                case "boolean" -> "true";
                default -> schema.has("enum") ? schema.get("enum").get(0).asString() : "Corpus";
            };
        }

        /** Numbers at and past a schema's bounds, and numbers nothing stores. */
        static List<String> numbers(JsonNode schema) {
            List<String> numbers = new ArrayList<>(List.of("0", "-0", "-1", "1.5", "0.001", "1e999999", "-1e999999",
                    "1e-999999", "2147483648", "-2147483649", "9223372036854775808", "-9223372036854775809", "9".repeat(300),
                    "1e2147483648", "0." + "1".repeat(300)));
            for (String bound : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
                JsonNode value = schema.path(bound);
                if (value.isNumber()) {
                    var number = value.decimalValue();
                    numbers.add(number.toPlainString());
                    numbers.add(number.subtract(java.math.BigDecimal.ONE).toPlainString());
                    numbers.add(number.add(java.math.BigDecimal.ONE).toPlainString());
                    numbers.add(number.add(new java.math.BigDecimal("0.001")).toPlainString());
                }
            }
            return numbers;
        }

        /** Query and path values, percent-encoded as sent: or on purpose not UTF-8 at all. */
        static Arbitrary<String> parameterValues(JsonNode schema) {
            int maxLength = schema.path("maxLength").asInt(100);
            List<String> fixed = new ArrayList<>();
            numbers(schema).forEach(number -> fixed.add(Request.encode(number)));
            fixed.addAll(List.of("", "NaN", "Infinity", "-Infinity", "0x10", "true", "null", "%FF", "%C0%AF", "%ED%A0%80",
                    "%00", "%E2%80%AE", "%C2%85", "%F4%90%80%80", "%2e%2e", "..", "XXL", "m", "name,up",
                    "price,desc,name", ",", "%5B%5D", "%7B%7D", "a".repeat(maxLength + 1), "a".repeat(5000)));
            schema.path("enum").forEach(value -> fixed.add(Request.encode(value.asString().toLowerCase(java.util.Locale.ROOT))));
            Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(maxLength + 10).map(Request::encode);
            Arbitrary<String> numbers = Arbitraries.bigDecimals().map(number -> Request.encode(number.toString()));
            return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.of(fixed)), net.jqwik.api.Tuple.of(2, text),
                    net.jqwik.api.Tuple.of(1, numbers));
        }

        /** Header values the JDK's client can send: visible ASCII, of every shape a header parser meets. */
        static Arbitrary<String> headerValues(JsonNode schema) {
            int maxLength = schema.path("maxLength").asInt(255);
            List<String> fixed = List.of("", "*", "\"\"", "\"1\"", "W/\"1\"", "\"-1\"", "\"1e999999\"", "\"9223372036854775808\"",
                    "\"catalog-1\"", "\"1\", \"2\"", "1", "NaN", "\"", ",", "x".repeat(maxLength + 1), "x".repeat(4000));
            Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(maxLength + 10)
                .map(String::strip).filter(value -> !value.isEmpty());
            return Arbitraries.oneOf(Arbitraries.of(fixed), text);
        }

        /** Media types as Accept and Content-Type carry them: wrong, malformed, with odd parameters. */
        static Arbitrary<String> mediaTypes() {
            return Arbitraries.of("text/html", "application/xml", "text/event-stream", "application/problem+json",
                    "multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed; boundary=x",
                    "application/x-www-form-urlencoded", "application/json;q=abc", "application/json;charset=nonsense",
                    "*/*;q=0", "application/*", "*", "/", "json", "text/plain;charset=UTF-16", "application/json, text/html;q=0.1",
                    "application/vnd.shop+json", "x".repeat(300));
        }

        /** A JSON value as bytes, with what it is for the report. */
        record Bytes(String label, byte[] bytes, @Nullable String contentType) {

            static Bytes json(String text) {
                return new Bytes(text, text.getBytes(StandardCharsets.UTF_8), null);
            }

            @Override
            public String toString() {
                return label;
            }

        }

        /** Body values for a field: of every JSON type, and numbers and strings of every hostile kind. */
        static Arbitrary<Bytes> jsonValues(JsonNode schema) {
            int maxLength = schema.path("maxLength").asInt(2000);
            List<Bytes> fixed = new ArrayList<>();
            numbers(schema).forEach(number -> fixed.add(Bytes.json(number)));
            for (String value : List.of("NaN", "Infinity", "-Infinity", "+1", ".5", "01", "0x10", "null", "true", "false",
                    "\"\"", "\" \"", "\"1e999999\"", "\"NaN\"", "[]", "{}", "[null]", "[[]]", "{\"a\":1}", "[1]", "[\"XXL\"]",
                    "[\"m\"]", "[\"\"]", "[\"M\",\"M\"]", "\"M\"", "\"XXL\"", "\"\\u0000\"", "\"\\uD800\"", "\"\\uDC00x\"",
                    "\"\\u202E\"", "\"a\\u0085b\"", "\"\\u200B\"", "\"\\ud83d\\udc55\"")) {
                fixed.add(Bytes.json(value));
            }
            fixed.add(Bytes.json("\"" + "a".repeat(maxLength + 1) + "\""));
            fixed.add(Bytes.json("\"" + "a".repeat(60_000) + "\""));
            fixed.add(Bytes.json("[" + "\"M\",".repeat(5000) + "\"M\"]"));
            // Not UTF-8: a lone continuation byte, an overlong slash, a lone high byte.
            fixed.add(new Bytes("\"\\x80\"", new byte[] { '"', (byte) 0x80, '"' }, null));
            fixed.add(new Bytes("\"\\xC0\\xAF\"", new byte[] { '"', (byte) 0xC0, (byte) 0xAF, '"' }, null));
            fixed.add(new Bytes("\"a\\xFF\"", new byte[] { '"', 'a', (byte) 0xFF, '"' }, null));
            fixed.add(new Bytes("\"\\xED\\xA0\\x80\"", new byte[] { '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"' }, null));
            schema.path("enum").forEach(value -> fixed.add(Bytes.json("\"" + value.asString().toLowerCase(java.util.Locale.ROOT) + "\"")));
            Arbitrary<Bytes> text = Arbitraries.strings().all().ofMaxLength(maxLength + 10)
                .map(value -> new Bytes("random text", JSON.writeValueAsBytes(value), null));
            Arbitrary<Bytes> numbers = Arbitraries.bigDecimals().map(number -> Bytes.json(number.toString()));
            return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, Arbitraries.of(fixed)), net.jqwik.api.Tuple.of(2, text),
                    net.jqwik.api.Tuple.of(1, numbers));
        }

        /** Bodies as a whole: not JSON, not an object, members missing or extra, another media type. */
        static Arbitrary<Bytes> wholeBodies(Operation operation, JsonNode document) {
            JsonNode schema = operation.bodySchema();
            ObjectNode valid = (ObjectNode) validJson(document, schema == null ? JSON.createObjectNode() : schema);
            List<Bytes> bodies = new ArrayList<>();
            for (String text : List.of("", " ", "{", "}", "[]", "null", "true", "1", "\"shirt\"", "{}", "[{}]", "{\"\":1}",
                    "not json", "{\"name\":}", "{,}", "{\"a\":1,}", "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000))) {
                bodies.add(Bytes.json(text));
            }
            bodies.add(new Bytes("bytes FF FE", new byte[] { (byte) 0xFF, (byte) 0xFE, '{', '}' }, null));
            bodies.add(new Bytes("UTF-8 BOM", ("\uFEFF" + valid).getBytes(StandardCharsets.UTF_8), null));
            bodies.add(new Bytes("as UTF-16", valid.toString().getBytes(StandardCharsets.UTF_16), null));
            for (String field : valid.propertyNames()) {
                ObjectNode without = valid.deepCopy();
                without.remove(field);
                bodies.add(new Bytes("without " + field, JSON.writeValueAsBytes(without), null));
            }
            for (String extra : List.of("extra", "id", "version", "seq", "createdAt", "__proto__", "@class", "")) {
                ObjectNode with = valid.deepCopy();
                with.put(extra, "1970-01-01T00:00:00Z");
                bodies.add(new Bytes("with " + extra, JSON.writeValueAsBytes(with), null));
            }
            String duplicated = valid.toString();
            bodies.add(Bytes.json(duplicated.substring(0, duplicated.length() - 1) + "," + duplicated.substring(1)));
            for (String type : List.of("text/plain", "application/xml", "application/json;charset=ISO-8859-1",
                    "application/json;charset=nonsense", "multipart/form-data", "application/x-www-form-urlencoded", "*/*", "json", "")) {
                bodies.add(new Bytes("as " + type, JSON.writeValueAsBytes(valid), type));
            }
            return Arbitraries.of(bodies).map(body -> body.contentType() == null
                    ? new Bytes(body.label(), body.bytes(), operation.bodyType()) : body);
        }

        static byte[] replace(byte[] json, String placeholder, byte[] value) {
            byte[] mark = placeholder.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i + mark.length <= json.length; i++) {
                if (Arrays.equals(json, i, i + mark.length, mark, 0, mark.length)) {
                    byte[] result = new byte[json.length - mark.length + value.length];
                    System.arraycopy(json, 0, result, 0, i);
                    System.arraycopy(value, 0, result, i, value.length);
                    System.arraycopy(json, i + mark.length, result, i + value.length, json.length - i - mark.length);
                    return result;
                }
            }
            throw new IllegalStateException("No placeholder in " + new String(json, StandardCharsets.UTF_8));
        }

    }

}
