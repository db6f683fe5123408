package com.example.shop.live;

import com.example.shop.live.stomp.StompEndpoint;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;
import com.example.shop.TestClock;
import com.example.shop.catalog.Catalog;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.changePrice;
import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.delete;
import static com.example.shop.ShopFixture.getJson;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;

@LiveShop
class CatchUpTests {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    StompEndpoint topic;

    @Autowired
    Catalog catalog;

    @Autowired
    TestClock clock;

    RestTestClient http;

    RestTestClient admin;

    @BeforeEach
    void http() {
        http = ShopFixture.client(port, json);
        admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
    }

    @Test
    void aClientThatWasDisconnectedCatchesUpFromTheEventsFeed() throws Exception {
        long seen;
        try (var before = StompTestClient.connect(port)) {
            var shirts = before.subscribe("/topic/shirts").awaitRegistered(topic);
            create(admin, "Seen", "10.00");
            seen = shirts.next().seqHeader();
        }
        // Offline: three changes go by.
        long id = create(admin, "Missed", "11.00").get("id").asLong();
        changePrice(admin, id, "12.00");
        delete(admin, id);

        try (var after = StompTestClient.connect(port)) {
            var shirts = after.subscribe("/topic/shirts").awaitRegistered(topic);
            JsonNode missed = getJson(http, "/shirts/events?after=" + seen);
            assertThat(missed.get("seq").asLong()).isEqualTo(seen + 3);
            assertThat(missed.get("events")).extracting(event -> event.get("seq").asLong())
                .containsExactly(seen + 1, seen + 2, seen + 3);
            assertThat(missed.get("events")).extracting(event -> event.get("type").asString())
                .containsExactly("shirt.created", "shirt.updated", "shirt.deleted");
            // And the live messages go on right after the last missed one.
            create(admin, "Live again", "13.00");
            assertThat(shirts.next().seqHeader()).isEqualTo(seen + 4);
        }
    }

    @Test
    void theFeedIsPagedOldestFirst() {
        long start = seq(http);
        for (int i = 0; i < 3; i++) {
            create(admin, "Paged " + i, "10.00");
        }
        JsonNode first = getJson(http, "/shirts/events?after=" + start + "&limit=2");
        assertThat(first.get("events")).extracting(event -> event.get("seq").asLong()).containsExactly(start + 1, start + 2);
        assertThat(first.get("seq").asLong()).isGreaterThanOrEqualTo(start + 3);
        JsonNode rest = getJson(http, "/shirts/events?after=" + (start + 2));
        assertThat(rest.get("events").get(0).get("seq").asLong()).isEqualTo(start + 3);
        JsonNode none = getJson(http, "/shirts/events?after=" + rest.get("seq").asLong());
        assertThat(none.get("events")).isEmpty();
        // Beside the seq, the epoch of the change log it belongs to: the one GET /shirts reports.
        assertThat(none.get("epoch").asString()).matches("[0-9]{16}").isEqualTo(ShopFixture.epoch(http));
    }

    @Test
    void afterMustBeASeq() {
        for (String query : new String[] { "", "?after=-1", "?after=abc", "?after=1&limit=0" }) {
            ResponseSpec response = http.get().uri("/shirts/events" + query).exchange();
            response.expectStatus().isBadRequest()
                .expectHeader().valueEquals(CONTENT_TYPE, "application/problem+json");
            assertThat(json.readTree(text(response)).get("status").asInt()).as(query).isEqualTo(400);
        }
    }

    @Test
    void prunedHistoryIsGoneAndClientsReload() throws Exception {
        CatalogFollower follower = new CatalogFollower(http, json);
        follower.load();
        long before = follower.last();
        create(admin, "Soon forgotten", "10.00");

        // A week and a day later the change log has forgotten everything.
        clock.advance(Duration.ofDays(8));
        catalog.prune();
        JsonNode kept = create(admin, "Remembered", "10.00");

        ResponseSpec gone = http.get().uri("/shirts/events?after=" + before).exchange();
        gone.expectStatus().isEqualTo(410)
            .expectHeader().valueEquals(CONTENT_TYPE, "application/problem+json");
        JsonNode problem = json.readTree(text(gone));
        assertThat(problem.get("title").asString()).isEqualTo("Changes no longer available");
        assertThat(problem.get("seq").asLong()).isEqualTo(before + 2);

        // The client's rule: on 410, load the catalog again.
        follower.catchUp();
        assertThat(follower.reloads()).isEqualTo(1);
        assertThat(follower.last()).isEqualTo(before + 2);
        assertThat(follower.shirts()).containsEntry(kept.get("id").asLong(), kept);

        // A stream resuming from before the pruning is told to reload, then goes on.
        try (var stream = new EventStreamClient(port, "/shirts/stream", Long.toString(before))) {
            EventStreamClient.Event reload = stream.next();
            assertThat(reload.type()).isEqualTo("reload");
            assertThat(reload.id()).isEqualTo(ShopFixture.epoch(http) + ":" + (before + 2));
        }
    }

    @Test
    void theCatchUpFeedAndTheStreamAreInTheApiDocuments() {
        JsonNode paths = getJson(http, "/v3/api-docs").get("paths");
        JsonNode events = paths.at("/~1shirts~1events/get");
        assertThat(events.get("parameters")).extracting(parameter -> parameter.get("name").asString())
            .containsExactly("after", "limit");
        assertThat(events.get("responses").propertyNames()).contains("200", "400", "410");
        assertThat(paths.at("/~1shirts~1stream/get/responses/200/content").propertyNames()).contains("text/event-stream");
    }

}
