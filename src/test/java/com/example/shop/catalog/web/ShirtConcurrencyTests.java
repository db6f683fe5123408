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
import org.springframework.boot.test.web.server.LocalServerPort;

import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import tools.jackson.databind.JsonNode;

import static com.example.shop.ShopFixture.header;
import static com.example.shop.ShopFixture.json;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.catalog.web.ShirtApiTests.MERGE_PATCH;
import static com.example.shop.catalog.web.ShirtApiTests.assertProblem;
import static com.example.shop.catalog.web.ShirtApiTests.id;
import static com.example.shop.catalog.web.ShirtApiTests.shirt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.ETAG;
import static org.springframework.http.HttpHeaders.IF_MATCH;
import static org.springframework.http.MediaType.APPLICATION_JSON;

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

    RestTestClient client;

    RestTestClient admin;

    ExecutorService executor;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() {
        client = ShopFixture.client(port);
        admin = ShopFixture.asAdmin(client, ShopTest.PASSWORD);
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
        long seq = seq(client);

        List<ResponseSpec> responses = race(RACERS,
                () -> admin.post().uri("/shirts").header("Idempotency-Key", key).contentType(APPLICATION_JSON).body(body).exchange());

        assertThat(responses).allSatisfy(response -> response.expectStatus().isCreated());
        assertThat(responses).extracting(ShirtApiTests::id).containsOnly(id(responses.get(0)));
        assertThat(responses).filteredOn(response -> header(response, "Idempotent-Replayed") == null).hasSize(1);
        assertThat(json(client.get().uri("/shirts?q=" + tag).exchange()).get("page").get("totalElements").asLong()).isEqualTo(1);
        assertThat(seq(client)).isEqualTo(seq + 1);
    }

    @Test
    void concurrentUpdatesWithTheSameIfMatchLetExactlyOneWin() throws Exception {
        long id = create("Contested " + tag);
        String etag = header(client.get().uri("/shirts/" + id).exchange(), ETAG);

        List<String> patches = List.of("{\"name\": \"Renamed " + tag + "\"}", "{\"price\": 99.99}", "{\"color\": \"green\"}",
                "{\"description\": \"Changed\"}");
        List<ResponseSpec> responses = race(RACERS, index -> admin.patch().uri("/shirts/" + id).header(IF_MATCH, etag)
            .contentType(MERGE_PATCH).body(patches.get(index)).exchange());

        List<ResponseSpec> won = responses.stream().filter(response -> status(response) == 200).toList();
        assertThat(won).hasSize(1);
        assertThat(responses).filteredOn(response -> status(response) != 200)
            .hasSize(RACERS - 1)
            .allSatisfy(response -> {
                assertProblem(response, 412);
                response.expectHeader().valueEquals(ETAG, "\"1\"");
            });

        // Each loser does what the 412 says: read again, reapply its change, retry with the new ETag.
        for (int i = 0; i < RACERS; i++) {
            if (status(responses.get(i)) == 412) {
                ResponseSpec current = client.get().uri("/shirts/" + id).exchange();
                admin.patch().uri("/shirts/" + id).header(IF_MATCH, header(current, ETAG))
                    .contentType(MERGE_PATCH).body(patches.get(i)).exchange()
                    .expectStatus().isOk();
            }
        }
        assertAllPatchesApplied(id);
    }

    @Test
    void concurrentUpdatesWithoutIfMatchAreAllApplied() throws Exception {
        long id = create("Busy " + tag);
        List<String> patches = List.of("{\"name\": \"Renamed " + tag + "\"}", "{\"price\": 99.99}", "{\"color\": \"green\"}",
                "{\"description\": \"Changed\"}");
        List<ResponseSpec> responses = race(RACERS,
                index -> admin.patch().uri("/shirts/" + id).contentType(MERGE_PATCH).body(patches.get(index)).exchange());
        assertThat(responses).allSatisfy(response -> response.expectStatus().isOk());
        // Each change was applied to the state the one before left: none of them is lost.
        assertAllPatchesApplied(id);
        assertThat(responses).extracting(response -> json(response).get("version").asLong())
            .containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
    }

    @Test
    void concurrentCreatesGetConsecutiveSeqsWithoutGaps() throws Exception {
        long seq = seq(client);
        List<ResponseSpec> responses = race(RACERS, index -> admin.post().uri("/shirts").contentType(APPLICATION_JSON)
            .body(shirt("Parallel " + index + " " + tag, "red", "[\"M\"]", "5")).exchange());
        assertThat(responses).allSatisfy(response -> response.expectStatus().isCreated());
        assertThat(responses).extracting(ShirtApiTests::id).doesNotHaveDuplicates();
        assertThat(json(client.get().uri("/shirts?q=" + tag).exchange()).get("page").get("totalElements").asLong()).isEqualTo(RACERS);
        assertThat(seq(client)).isEqualTo(seq + RACERS);
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
        long start = seq(client);
        var writing = new java.util.concurrent.atomic.AtomicInteger(2);
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < writes; i++) {
                        long id = create("Stream " + writer + "-" + i + " " + tag);
                        client.get().uri("/shirts/" + id).exchange().expectStatus().isOk();
                        assertThat(json(client.get().uri("/shirts?size=100&q=" + tag).exchange()).get("shirts").findValuesAsString("name"))
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
                    JsonNode page = json(client.get().uri("/shirts?size=100&sort=name,desc&q=" + tag).exchange());
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
        assertThat(seq(client)).isEqualTo(start + 2 * writes);
    }

    private void assertAllPatchesApplied(long id) {
        JsonNode shirt = json(client.get().uri("/shirts/" + id).exchange());
        assertThat(shirt.get("name").asString()).isEqualTo("Renamed " + tag);
        assertThat(shirt.get("price").decimalValue()).isEqualByComparingTo("99.99");
        assertThat(shirt.get("color").asString()).isEqualTo("green");
        assertThat(shirt.get("description").asString()).isEqualTo("Changed");
        assertThat(shirt.get("version").asLong()).isEqualTo(RACERS);
    }

    private long create(String name) {
        ResponseSpec response = admin.post().uri("/shirts").contentType(APPLICATION_JSON).body(shirt(name, "red", "[\"M\"]", "10.00"))
            .exchange();
        response.expectStatus().isCreated();
        return id(response);
    }

    private static int status(ResponseSpec response) {
        return response.returnResult().getStatus().value();
    }

    private List<ResponseSpec> race(int racers, Supplier<ResponseSpec> request) throws Exception {
        return race(racers, index -> request.get());
    }

    /** Starts {@code racers} requests, lets them all go at once, and waits for every answer. */
    private List<ResponseSpec> race(int racers, java.util.function.IntFunction<ResponseSpec> request) throws Exception {
        var ready = new CountDownLatch(racers);
        var go = new CountDownLatch(1);
        List<CompletableFuture<ResponseSpec>> futures = new ArrayList<>();
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
        List<ResponseSpec> responses = new ArrayList<>();
        for (CompletableFuture<ResponseSpec> future : futures) {
            responses.add(future.get(30, TimeUnit.SECONDS));
        }
        return responses;
    }

}
