package com.example.shop.live;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.ShopClient;
import com.example.shop.TestClock;
import com.example.shop.catalog.Catalog;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

@LiveShop
class CatchUpTests {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    ShirtTopic topic;

    @Autowired
    Catalog catalog;

    @Autowired
    TestClock clock;

    ShopClient http;

    @BeforeEach
    void http() {
        http = new ShopClient(port, LiveShop.PASSWORD, json);
    }

    @Test
    void aClientThatWasDisconnectedCatchesUpFromTheEventsFeed() throws Exception {
        long seen;
        try (var before = StompTestClient.connect(port)) {
            var shirts = before.subscribe("/topic/shirts").awaitRegistered(topic);
            http.create("Seen", "10.00");
            seen = shirts.next().seqHeader();
        }
        // Offline: three changes go by.
        long id = http.create("Missed", "11.00").get("id").asLong();
        http.changePrice(id, "12.00");
        http.delete(id);

        try (var after = StompTestClient.connect(port)) {
            var shirts = after.subscribe("/topic/shirts").awaitRegistered(topic);
            JsonNode missed = http.getJson("/shirts/events?after=" + seen);
            assertThat(missed.get("seq").asLong()).isEqualTo(seen + 3);
            assertThat(missed.get("events")).extracting(event -> event.get("seq").asLong())
                .containsExactly(seen + 1, seen + 2, seen + 3);
            assertThat(missed.get("events")).extracting(event -> event.get("type").asString())
                .containsExactly("shirt.created", "shirt.updated", "shirt.deleted");
            // And the live messages go on right after the last missed one.
            http.create("Live again", "13.00");
            assertThat(shirts.next().seqHeader()).isEqualTo(seen + 4);
        }
    }

    @Test
    void theFeedIsPagedOldestFirst() {
        long start = http.seq();
        for (int i = 0; i < 3; i++) {
            http.create("Paged " + i, "10.00");
        }
        JsonNode first = http.getJson("/shirts/events?after=" + start + "&limit=2");
        assertThat(first.get("events")).extracting(event -> event.get("seq").asLong()).containsExactly(start + 1, start + 2);
        assertThat(first.get("seq").asLong()).isGreaterThanOrEqualTo(start + 3);
        JsonNode rest = http.getJson("/shirts/events?after=" + (start + 2));
        assertThat(rest.get("events").get(0).get("seq").asLong()).isEqualTo(start + 3);
        JsonNode none = http.getJson("/shirts/events?after=" + rest.get("seq").asLong());
        assertThat(none.get("events")).isEmpty();
    }

    @Test
    void afterMustBeASeq() {
        for (String query : new String[] { "", "?after=-1", "?after=abc", "?after=1&limit=0" }) {
            ShopClient.Response response = http.get("/shirts/events" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(400);
        }
    }

    @Test
    void prunedHistoryIsGoneAndClientsReload() throws Exception {
        CatalogFollower follower = new CatalogFollower(http, json);
        follower.load();
        long before = follower.last();
        http.create("Soon forgotten", "10.00");

        // A week and a day later the change log has forgotten everything.
        clock.advance(Duration.ofDays(8));
        catalog.prune();
        JsonNode kept = http.create("Remembered", "10.00");

        ShopClient.Response gone = http.get("/shirts/events?after=" + before);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(gone.body());
        assertThat(problem.get("title").asString()).isEqualTo("Changes no longer available");
        assertThat(problem.get("seq").asLong()).isEqualTo(before + 2);

        // The client's rule: on 410, load the catalog again.
        follower.catchUp();
        assertThat(follower.reloads()).isEqualTo(1);
        assertThat(follower.last()).isEqualTo(before + 2);
        assertThat(follower.shirts()).containsEntry(kept.get("id").asLong(), kept);

        // A stream resuming from before the pruning is told to reload, then goes on.
        try (var stream = new EventStreamClient(http, "/shirts/stream", Long.toString(before))) {
            EventStreamClient.Event reload = stream.next();
            assertThat(reload.type()).isEqualTo("reload");
            assertThat(reload.id()).isEqualTo(Long.toString(before + 2));
        }
    }

}
