package com.example.shop.live;

import com.example.shop.live.stomp.StompEndpoint;
import java.math.BigDecimal;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.MimeTypeUtils;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.example.shop.ShopFixture;
import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtDetails;
import com.example.shop.catalog.ShirtSize;

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
class StompBroadcastTests {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    StompEndpoint topic;

    @Autowired
    Catalog catalog;

    @Autowired
    TransactionTemplate transactions;

    RestTestClient http;

    RestTestClient admin;

    StompTestClient stomp;

    @BeforeEach
    void connect() throws Exception {
        http = ShopFixture.client(port, json);
        admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
        stomp = StompTestClient.connect(port);
    }

    @AfterEach
    void disconnect() {
        stomp.close();
    }

    @Test
    void confirmsASubscriptionWithAReceiptOnceItIsRegistered() throws Exception {
        // No peeking into the broker: the RECEIPT alone says the subscription is in place.
        var shirts = stomp.subscribeConfirmed("/topic/shirts");

        JsonNode created = create(admin, "Confirmed", "18.00");

        JsonNode message = json.readTree(shirts.next().text());
        assertThat(message.get("type").asString()).isEqualTo("shirt.created");
        assertThat(message.get("shirt")).isEqualTo(created);
    }

    @Test
    void announcesEveryCommittedChangeInOrderWithItsSeq() throws Exception {
        var shirts = stomp.subscribe("/topic/shirts").awaitRegistered(topic);
        long start = seq(http);

        JsonNode created = create(admin, "Announced", "25.00");
        long id = created.get("id").asLong();
        JsonNode updated = changePrice(admin, id, "26.50");
        JsonNode beforeDelete = getJson(http, "/shirts/" + id);
        delete(admin, id);

        StompTestClient.Frame first = shirts.next();
        StompTestClient.Frame second = shirts.next();
        StompTestClient.Frame third = shirts.next();
        assertMessage(first, "shirt.created", start + 1, created);
        assertMessage(second, "shirt.updated", start + 2, updated);
        assertMessage(third, "shirt.deleted", start + 3, beforeDelete);

        // The same messages, byte for byte, as the catch-up feed replays them.
        String replayed = text(http.get().uri("/shirts/events?after=" + start).exchange());
        assertThat(json.readTree(replayed).get("events")).hasSize(3);
        assertThat(replayed).contains("[" + first.text() + "," + second.text() + "," + third.text() + "]");
    }

    @Test
    void rolledBackChangesAreNeverAnnounced() throws Exception {
        var shirts = stomp.subscribe("/topic/shirts").awaitRegistered(topic);
        long start = seq(http);

        // A change made through the catalog and published inside its transaction, which then rolls back.
        transactions.executeWithoutResult(status -> {
            catalog.create(new ShirtDetails("Rolled back", "red", Set.of(ShirtSize.M), new BigDecimal("10.00"), null), null);
            status.setRollbackOnly();
        });
        JsonNode kept = create(admin, "Kept", "12.00");
        // A write that fails inside the catalog, after taking the lock on the sequence: a stale If-Match.
        admin.patch().uri("/shirts/" + kept.get("id").asLong()).header("If-Match", "\"41\"")
            .header(CONTENT_TYPE, "application/merge-patch+json").body("{\"price\": 13}")
            .exchange()
            .expectStatus().isEqualTo(412);
        JsonNode marker = create(admin, "Marker", "15.00");

        // Exactly the committed changes arrive, numbered without a gap: the failed ones took no seq.
        // Messages keep their order, so anything announced for the failed changes would have come first.
        StompTestClient.Frame first = shirts.next();
        assertThat(first.seqHeader()).isEqualTo(start + 1);
        assertThat(json.readTree(first.body()).get("shirt")).isEqualTo(kept);
        StompTestClient.Frame second = shirts.next();
        assertThat(second.seqHeader()).isEqualTo(start + 2);
        assertThat(json.readTree(second.body()).get("shirt")).isEqualTo(marker);
        assertThat(getJson(http, "/shirts?q=Rolled+back").get("shirts")).isEmpty();
        assertThat(getJson(http, "/shirts/events?after=" + start).get("events")).hasSize(2);
    }

    private void assertMessage(StompTestClient.Frame frame, String type, long seq, JsonNode shirt) {
        assertThat(frame.headers().getDestination()).isEqualTo("/topic/shirts");
        assertThat(frame.headers().getContentType()).isNotNull();
        assertThat(frame.headers().getContentType().isCompatibleWith(MimeTypeUtils.APPLICATION_JSON))
            .as("content-type %s", frame.headers().getContentType())
            .isTrue();
        assertThat(frame.seqHeader()).isEqualTo(seq);
        JsonNode body = json.readTree(frame.body());
        assertThat(body.get("type").asString()).isEqualTo(type);
        assertThat(body.get("seq").asLong()).isEqualTo(seq);
        assertThat(body.get("occurredAt").asString()).endsWith("Z");
        // The shirt is exactly what GET /shirts/{id} answers.
        assertThat(body.get("shirt")).isEqualTo(shirt);
        assertThat(body.properties()).hasSize(4);
    }

}
