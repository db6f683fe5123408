package com.example.shop.live;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.changePrice;
import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.delete;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.HttpHeaders.ACCEPT;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;

@LiveShop
class ShirtStreamTests {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    RestTestClient http;

    RestTestClient admin;

    @BeforeEach
    void http() {
        http = ShopFixture.client(port, json);
        admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
    }

    @Test
    void streamsEveryCommittedChangeAsAnEvent() throws Exception {
        try (var stream = new EventStreamClient(port, "/shirts/stream", null)) {
            long start = startOf(stream);
            String epoch = ShopFixture.epoch(http);
            JsonNode created = create(admin, "Streamed", "30.00");
            long id = created.get("id").asLong();
            changePrice(admin, id, "31.00");
            delete(admin, id);

            String replayed = text(http.get().uri("/shirts/events?after=" + start).exchange());
            List<String> types = List.of("shirt.created", "shirt.updated", "shirt.deleted");
            for (int i = 0; i < 3; i++) {
                EventStreamClient.Event event = stream.next();
                assertThat(event.id()).isEqualTo(epoch + ":" + (start + 1 + i));
                assertThat(event.type()).isEqualTo(types.get(i));
                // data: is the very message of /topic/shirts and /shirts/events.
                assertThat(replayed).contains(event.data());
                assertThat(json.readTree(event.data()).get("seq").asLong()).isEqualTo(start + 1 + i);
            }
            HttpResponse<?> response = stream.responses().get(0);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
        }
    }

    @Test
    void idleStreamsGetAHeartbeatComment() throws Exception {
        try (var stream = new EventStreamClient(port, "/shirts/stream", null)) {
            startOf(stream);
            await().atMost(StompTestClient.WAIT).until(() -> stream.comments().contains("keep-alive"));
        }
    }

    @Test
    void resumesAfterLastEventIdWithoutGapOrDuplicate() throws Exception {
        long before = seq(http);
        for (int i = 0; i < 3; i++) {
            create(admin, "Before " + i, "10.00");
        }
        // Changes keep coming while the stream replays and joins the live changes.
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 5; i++) {
                create(admin, "During " + i, "11.00");
            }
        });
        try (var stream = new EventStreamClient(port, "/shirts/stream", Long.toString(before + 1))) {
            writes.join();
            List<Long> ids = new ArrayList<>();
            while (ids.size() < 7) {
                ids.add(seqOf(stream.next().id()));
            }
            assertThat(ids).containsExactly(before + 2, before + 3, before + 4, before + 5, before + 6, before + 7,
                    before + 8);
        }
    }

    @Test
    void streamsEndAfterTheirTimeAndResumeWithoutLoss() throws Exception {
        // The test context lets a stream last 2 s; the client resumes each time with Last-Event-ID.
        try (var stream = new EventStreamClient(port, "/shirts/stream", null)) {
            long start = startOf(stream);
            create(admin, "First", "10.00");
            await().atMost(StompTestClient.WAIT).until(() -> stream.responses().size() >= 2);
            create(admin, "Second", "10.00");
            await().atMost(StompTestClient.WAIT).until(() -> stream.responses().size() >= 3);
            create(admin, "Third", "10.00");

            String epoch = ShopFixture.epoch(http);
            assertThat(stream.next().id()).isEqualTo(epoch + ":" + (start + 1));
            assertThat(stream.next().id()).isEqualTo(epoch + ":" + (start + 2));
            assertThat(stream.next().id()).isEqualTo(epoch + ":" + (start + 3));
            // Every stream, including those ended by the server, answered 200 and wrote nothing
            // but SSE: had the async dispatch at the end been refused, a problem would follow the events.
            assertThat(stream.responses()).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(200));
            assertThat(stream.invalidLines()).isEmpty();
        }
    }

    @Test
    void aLastEventIdAheadOfTheCatalogTellsTheClientToReload() throws Exception {
        long latest = seq(http);
        String epoch = ShopFixture.epoch(http);
        try (var stream = new EventStreamClient(port, "/shirts/stream", "999999999")) {
            EventStreamClient.Event reload = stream.next();
            assertThat(reload.type()).isEqualTo("reload");
            assertThat(reload.id()).isEqualTo(epoch + ":" + latest);
            JsonNode data = json.readTree(reload.data());
            assertThat(data.get("seq").asLong()).isEqualTo(latest);
            assertThat(data.get("detail").asString()).contains("GET /shirts");
            // Then it goes on live after that seq.
            create(admin, "After reload", "10.00");
            assertThat(stream.next().id()).isEqualTo(epoch + ":" + (latest + 1));
        }
    }

    @Test
    void aLastEventIdOfThisEpochResumesAndOneOfAnotherEpochTellsTheClientToReload() throws Exception {
        String epoch = ShopFixture.epoch(http);
        long before = seq(http);
        create(admin, "Missed", "10.00");
        try (var stream = new EventStreamClient(port, "/shirts/stream", epoch + ":" + before)) {
            assertThat(stream.next().id()).isEqualTo(epoch + ":" + (before + 1));
        }
        long latest = seq(http);
        try (var stream = new EventStreamClient(port, "/shirts/stream", "another-epoch:" + before)) {
            EventStreamClient.Event reload = stream.next();
            assertThat(reload.type()).isEqualTo("reload");
            assertThat(reload.id()).isEqualTo(epoch + ":" + latest);
            assertThat(json.readTree(reload.data()).get("detail").asString()).contains("another change log");
        }
    }

    @Test
    void anInvalidLastEventIdIsABadRequest() {
        for (String invalid : List.of("abc", "-1", "1.5", ":5", "epoch:x")) {
            ResponseSpec response = http.get().uri("/shirts/stream")
                .header(ACCEPT, "text/event-stream")
                .header("Last-Event-ID", invalid)
                .exchange();
            response.expectStatus().isBadRequest()
                .expectHeader().valueEquals(CONTENT_TYPE, "application/problem+json");
            assertThat(json.readTree(text(response)).get("title").asString()).isEqualTo("Invalid Last-Event-ID");
        }
    }

    /** The seq of an event id, {@code <epoch>:<seq>}. */
    static long seqOf(String id) {
        return Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
    }

    /** Waits for the comment that opens a stream and answers the seq it starts after. */
    static long startOf(EventStreamClient stream) throws InterruptedException {
        while (true) {
            String comment = stream.nextComment();
            if (comment.startsWith("shirt changes after seq ")) {
                return Long.parseLong(comment.substring("shirt changes after seq ".length()));
            }
        }
    }

}
