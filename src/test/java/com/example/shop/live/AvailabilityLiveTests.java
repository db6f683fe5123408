package com.example.shop.live;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;

import com.example.shop.SalesFixture;
import com.example.shop.Shopper;
import com.example.shop.TestClock;
import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtDetails;
import com.example.shop.catalog.ShirtSize;
import com.example.shop.inventory.Availability;
import com.example.shop.inventory.AvailabilityMessage;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Availability live, over a real STOMP client and a real SSE client: the snapshot first, then only
 * what changed, coalesced; a released hold is pushed too; every message fits {@code /asyncapi.yaml}.
 */
@LiveShop
class AvailabilityLiveTests {

    static final HttpClient HTTP = Shopper.client();

    static final String DOCUMENT = "https://shop.example/asyncapi.yaml";

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    TestClock clock;

    @Autowired
    Catalog catalog;

    @Autowired
    Availability availability;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStompSubscriberGetsTheSnapshotThenOnlyWhatChanged() throws Exception {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, tag, 5, 5);
        try (var stomp = StompTestClient.connect(port)) {
            var subscription = stomp.subscribeConfirmed("/topic/availability");
            StompTestClient.Frame first = subscription.next();
            JsonNode snapshot = json.readTree(first.body());
            assertThat(snapshot.get("type").asString()).isEqualTo("availability.snapshot");
            assertThat(snapshot.get("epoch").asLong()).isPositive();
            assertValid("/components/messages/AvailabilitySnapshot/payload", snapshot);
            assertValid("/components/messages/AvailabilitySnapshot/headers", headers(first));
            // The snapshot is the last read, at most one interval old; the stock set just before
            // is in it or in a change right after it.
            AvailabilityFollower follower = new AvailabilityFollower();
            follower.apply(snapshot);
            while (follower.units(id, "M") != 5) {
                follower.apply(json.readTree(subscription.next().body()));
            }
            long seen = follower.seq();

            Shopper shopper = SalesFixture.shopperFrom(HTTP, port, "10.5.0.");
            assertThat(add(shopper, id, "M", 2).status()).isEqualTo(200);

            JsonNode change = null;
            while (change == null || !change.get("shirts").has(String.valueOf(id))) {
                StompTestClient.Frame frame = subscription.next();
                change = json.readTree(frame.body());
                assertThat(change.get("type").asString()).isEqualTo("availability");
                assertThat(change.get("seq").asLong()).isGreaterThan(seen);
                assertValid("/components/messages/AvailabilityChange/payload", change);
                assertValid("/components/messages/AvailabilityChange/headers", headers(frame));
            }
            // Only what changed: M of this shirt, not its S, not the other shirts.
            assertThat(change.get("shirts").get(String.valueOf(id)).properties()).hasSize(1);
            assertThat(change.get("shirts").get(String.valueOf(id)).get("M").asInt()).isEqualTo(3);
        }
    }

    @Test
    void changesWithinOneIntervalGoOutTogetherWithTheLatestNumbers() throws Exception {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, tag, 20, 20);
        try (var stomp = StompTestClient.connect(port)) {
            var subscription = stomp.subscribeConfirmed("/topic/availability");
            AvailabilityFollower follower = new AvailabilityFollower();
            follower.apply(json.readTree(subscription.next().body()));
            Shopper shopper = SalesFixture.shopperFrom(HTTP, port, "10.5.1.");
            for (int quantity = 1; quantity <= 10; quantity++) {
                assertThat(add(shopper, id, "M", quantity).status()).isEqualTo(200);
            }
            assertThat(admin.put("/shirts/" + id + "/stock", "{\"S\":7,\"M\":20}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                StompTestClient.Frame frame = subscription.messages().poll();
                if (frame != null) {
                    follower.apply(json.readTree(frame.body()));
                }
                assertThat(follower.units(id, "M")).isEqualTo(10);
                assertThat(follower.units(id, "S")).isEqualTo(7);
            });
            // Eleven changes; at most one message per 200 ms carried them, far fewer than eleven
            // unless the writes were slower than the interval.
            assertThat(follower.changes()).isLessThanOrEqualTo(11);
        }
    }

    /**
     * The snapshot grows with the catalog: a few hundred shirts make it larger than the 8 KB a
     * WebSocket container reads by default. It still comes whole, and the RECEIPT after it.
     */
    @Test
    void aSnapshotOfALargeCatalogComesWholeBeforeTheReceipt() throws Exception {
        int shirts = 0;
        while (json.writeValueAsBytes(AvailabilityMessage.of(availability.snapshot())).length < 16 * 1024) {
            for (int i = 0; i < 100; i++, shirts++) {
                catalog.create(new ShirtDetails(tag + " " + shirts, "white", Set.of(ShirtSize.M), new BigDecimal("10.00"), null), null);
            }
        }
        await().atMost(Duration.ofSeconds(10))
            .until(() -> json.writeValueAsBytes(AvailabilityMessage.of(availability.lastRead())).length >= 16 * 1024);
        try (var stomp = StompTestClient.connect(port)) {
            var subscription = stomp.subscribeConfirmed("/topic/availability");
            StompTestClient.Frame first = subscription.next();
            assertThat(first.body().length).isGreaterThanOrEqualTo(16 * 1024);
            JsonNode snapshot = json.readTree(first.body());
            assertThat(snapshot.get("type").asString()).isEqualTo("availability.snapshot");
            assertValid("/components/messages/AvailabilitySnapshot/payload", snapshot);
        }
    }

    @Test
    void anExpiredHoldIsReleasedAndPushedOverSse() throws Exception {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, tag, 0, 4);
        Shopper shopper = SalesFixture.shopperFrom(HTTP, port, "10.5.2.");
        assertThat(add(shopper, id, "M", 4).status()).isEqualTo(200);
        try (var stream = new EventStreamClient(port, "/availability/stream", null)) {
            AvailabilityFollower follower = new AvailabilityFollower();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                drain(stream, follower);
                assertThat(follower.units(id, "M")).isZero();
            });
            clock.advance(Duration.ofMinutes(16));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                drain(stream, follower);
                assertThat(follower.units(id, "M")).isEqualTo(4);
            });
        }
    }

    private void drain(EventStreamClient stream, AvailabilityFollower follower) throws IOException {
        EventStreamClient.Event event;
        while ((event = stream.events().poll()) != null) {
            JsonNode message = json.readTree(event.data());
            assertThat(event.type()).isEqualTo(message.get("type").asString());
            assertThat(event.id()).isEqualTo(message.get("seq").asString());
            follower.apply(message);
        }
    }

    private void assertValid(String pointer, JsonNode instance) throws IOException {
        String served = new ClassPathResource("static/asyncapi.yaml").getContentAsString(StandardCharsets.UTF_8);
        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(Map.of(DOCUMENT, served)));
        List<Error> errors = schemas.getSchema(SchemaLocation.of(DOCUMENT + "#" + pointer)).validate(instance);
        assertThat(errors).as(instance.toString()).isEmpty();
    }

    private JsonNode headers(StompTestClient.Frame frame) {
        Map<String, String> headers = new LinkedHashMap<>();
        frame.headers().toSingleValueMap().forEach(headers::put);
        return json.valueToTree(headers);
    }

}
