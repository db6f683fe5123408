package com.example.shop.live;

import com.example.shop.live.hub.LiveHub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an operator sees of the live channel: the changeFeed health contributor and the meters, for the admin only. */
@LiveShop
class LiveMetricsTests {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    LiveHub hub;

    @Autowired
    CatalogLog log;

    RestTestClient http;

    RestTestClient admin;

    @BeforeEach
    void client() {
        http = ShopFixture.client(port, json);
        admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
    }

    @Test
    void theAdminSeesTheChangeFeedInTheHealthAnswer() {
        create(admin, "Health", "10.00");
        long seq = seq(http);
        await().atMost(StompTestClient.WAIT).until(() -> hub.feed(log).deliveredSeq() == seq);
        JsonNode health = json.readTree(text(admin.get().uri("/actuator/health").exchange()));
        JsonNode changeFeed = health.at("/components/changeFeed");
        assertThat(changeFeed.get("status").asString()).isEqualTo("UP");
        assertThat(changeFeed.at("/details/seq").asLong()).isEqualTo(seq);
        assertThat(changeFeed.at("/details/lag").asLong()).isZero();
        // Anyone else sees whether the shop is up, and nothing more.
        JsonNode anonymous = json.readTree(text(http.get().uri("/actuator/health").exchange()));
        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
    }

    @Test
    void theLiveMetersAreInThePrometheusAnswerForTheAdminOnly() throws Exception {
        try (var stomp = StompTestClient.connect(port)) {
            stomp.subscribeConfirmed("/topic/shirts");
            admin.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(scrape -> assertThat(scrape).contains("shop_live_stomp_subscriptions",
                        "shop_live_stomp_sessions", "shop_live_sse_streams", "shop_live_deliveries_total", "shop_live_feed_lag",
                        "shop_live_connections"));
            http.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
            JsonNode subscriptions = json.readTree(text(admin.get().uri("/actuator/metrics/shop.live.stomp.subscriptions").exchange()));
            assertThat(subscriptions.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1.0);
        }
    }

}
