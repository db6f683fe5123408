package com.example.shop.catalog.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.ShopClient;
import com.example.shop.ShopTest;
import com.example.shop.ShopClient.Response;

import tools.jackson.databind.JsonNode;

import static com.example.shop.catalog.web.ShirtApiTests.MERGE_PATCH;
import static com.example.shop.catalog.web.ShirtApiTests.assertProblem;
import static com.example.shop.catalog.web.ShirtApiTests.shirt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes racing each other over real connections: requests are released together from a latch,
 * so they reach the server at the same time, and the outcome must be the same as some order of
 * them one after the other. Same application context as {@link ShirtApiTests}.
 */
@ShopTest
class ShirtConcurrencyTests {

    private static final int RACERS = 4;

    @LocalServerPort
    int port;

    @Value("${shop.admin.password}")
    String password;

    ShopClient client;

    ExecutorService executor;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        client = new ShopClient(port, password);
        executor = Executors.newFixedThreadPool(RACERS);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void concurrentCreatesWithTheSameIdempotencyKeyCreateExactlyOneShirt() throws Exception {
        String key = "race-" + tag;
        String body = shirt("Raced " + tag, "red", "[\"M\"]", "15.00");
        long seq = client.seq();

        List<Response> responses = race(RACERS,
                () -> client.admin("POST", "/shirts").header("Idempotency-Key", key).json(body).send());

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).as(response.toString()).isEqualTo(201));
        assertThat(responses).extracting(Response::id).containsOnly(responses.get(0).id());
        assertThat(responses).filteredOn(response -> response.header("Idempotent-Replayed") == null).hasSize(1);
        assertThat(client.get("/shirts?q=" + tag).json().get("page").get("totalElements").asLong()).isEqualTo(1);
        assertThat(client.seq()).isEqualTo(seq + 1);
    }

    @Test
    void concurrentUpdatesWithTheSameIfMatchLetExactlyOneWin() throws Exception {
        long id = create("Contested " + tag);
        String etag = client.get("/shirts/" + id).header("ETag");

        List<String> patches = List.of("{\"name\": \"Renamed " + tag + "\"}", "{\"price\": 99.99}", "{\"color\": \"green\"}",
                "{\"description\": \"Changed\"}");
        List<Response> responses = race(RACERS, index -> client.admin("PATCH", "/shirts/" + id).header("If-Match", etag)
            .body(MERGE_PATCH, patches.get(index)).send());

        List<Response> won = responses.stream().filter(response -> response.status() == 200).toList();
        assertThat(won).hasSize(1);
        assertThat(responses).filteredOn(response -> response.status() != 200)
            .hasSize(RACERS - 1)
            .allSatisfy(response -> {
                assertProblem(response, 412);
                assertThat(response.header("ETag")).isEqualTo("\"1\"");
            });

        // Each loser does what the 412 says: read again, reapply its change, retry with the new ETag.
        for (int i = 0; i < RACERS; i++) {
            if (responses.get(i).status() == 412) {
                Response current = client.get("/shirts/" + id);
                Response retried = client.admin("PATCH", "/shirts/" + id).header("If-Match", current.header("ETag"))
                    .body(MERGE_PATCH, patches.get(i)).send();
                assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
            }
        }
        assertAllPatchesApplied(id);
    }

    @Test
    void concurrentUpdatesWithoutIfMatchAreAllApplied() throws Exception {
        long id = create("Busy " + tag);
        List<String> patches = List.of("{\"name\": \"Renamed " + tag + "\"}", "{\"price\": 99.99}", "{\"color\": \"green\"}",
                "{\"description\": \"Changed\"}");
        List<Response> responses = race(RACERS,
                index -> client.admin("PATCH", "/shirts/" + id).body(MERGE_PATCH, patches.get(index)).send());
        assertThat(responses).allSatisfy(response -> assertThat(response.status()).as(response.toString()).isEqualTo(200));
        // Each change was applied to the state the one before left: none of them is lost.
        assertAllPatchesApplied(id);
        assertThat(responses).extracting(response -> response.json().get("version").asLong())
            .containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    }

    @Test
    void concurrentCreatesGetConsecutiveSeqsWithoutGaps() throws Exception {
        long seq = client.seq();
        List<Response> responses = race(RACERS,
                index -> client.admin("POST", "/shirts").json(shirt("Parallel " + index + " " + tag, "red", "[\"M\"]", "5")).send());
        assertThat(responses).allSatisfy(response -> assertThat(response.status()).isEqualTo(201));
        assertThat(responses).extracting(Response::id).doesNotHaveDuplicates();
        assertThat(client.get("/shirts?q=" + tag).json().get("page").get("totalElements").asLong()).isEqualTo(RACERS);
        assertThat(client.seq()).isEqualTo(seq + RACERS);
    }

    /**
     * Readers racing writers: every list names the seq it reflects, and here every change is a new
     * shirt of this test, so the list's total must be exactly the number of changes up to its seq;
     * a page kept from one seq and numbered with another would be off. Each writer also reads its
     * own shirt back the moment its POST returns.
     */
    @Test
    void readersRacingWritersSeeListsWhoseContentMatchesTheirSeq() throws Exception {
        int writes = 15;
        long start = client.seq();
        var writing = new java.util.concurrent.atomic.AtomicInteger(2);
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < writes; i++) {
                        long id = create("Stream " + writer + "-" + i + " " + tag);
                        assertThat(client.get("/shirts/" + id).status()).isEqualTo(200);
                        assertThat(client.get("/shirts?size=100&q=" + tag).json().get("shirts").findValuesAsString("name"))
                            .contains("Stream " + writer + "-" + i + " " + tag);
                    }
                }
                finally {
                    writing.decrementAndGet();
                }
            }, executor));
        }
        for (int r = 0; r < 2; r++) {
            readers.add(CompletableFuture.supplyAsync(() -> {
                int reads = 0;
                do {
                    JsonNode page = client.get("/shirts?size=100&sort=name,desc&q=" + tag).json();
                    long seq = page.get("seq").asLong();
                    assertThat(page.get("page").get("totalElements").asLong()).as("total at seq %d", seq)
                        .isEqualTo(seq - start);
                    assertThat(page.get("shirts")).hasSize((int) (seq - start));
                    reads++;
                }
                while (writing.get() > 0);
                return reads;
            }, executor));
        }
        for (CompletableFuture<Void> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        for (CompletableFuture<Integer> reader : readers) {
            assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        }
        assertThat(client.seq()).isEqualTo(start + 2 * writes);
    }

    private void assertAllPatchesApplied(long id) {
        JsonNode shirt = client.get("/shirts/" + id).json();
        assertThat(shirt.get("name").asString()).isEqualTo("Renamed " + tag);
        assertThat(shirt.get("price").decimalValue()).isEqualByComparingTo("99.99");
        assertThat(shirt.get("color").asString()).isEqualTo("green");
        assertThat(shirt.get("description").asString()).isEqualTo("Changed");
        assertThat(shirt.get("version").asLong()).isEqualTo(RACERS);
    }

    private long create(String name) {
        Response response = client.admin("POST", "/shirts").json(shirt(name, "red", "[\"M\"]", "10.00")).send();
        assertThat(response.status()).isEqualTo(201);
        return response.id();
    }

    private List<Response> race(int racers, Supplier<Response> request) throws Exception {
        return race(racers, index -> request.get());
    }

    /** Starts {@code racers} requests, lets them all go at once, and waits for every answer. */
    private List<Response> race(int racers, java.util.function.IntFunction<Response> request) throws Exception {
        var ready = new CountDownLatch(racers);
        var go = new CountDownLatch(1);
        List<CompletableFuture<Response>> futures = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> {
                ready.countDown();
                try {
                    go.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
                return request.apply(index);
            }, executor));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<Response> responses = new ArrayList<>();
        for (CompletableFuture<Response> future : futures) {
            responses.add(future.get(30, TimeUnit.SECONDS));
        }
        return responses;
    }

}
