package com.example.shop.live;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.ShopClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
    ChangeFeed feed;

    ShopClient http;

    @BeforeEach
    void client() {
        http = new ShopClient(port, LiveShop.PASSWORD, json);
    }

    @Test
    void theAdminSeesTheChangeFeedInTheHealthAnswer() {
        http.create("Health", "10.00");
        long seq = http.seq();
        await().atMost(StompTestClient.WAIT).until(() -> feed.broadcastSeq() == seq);
        JsonNode health = json.readTree(http.admin("GET", "/actuator/health").send().body());
        JsonNode changeFeed = health.at("/components/changeFeed");
        assertThat(changeFeed.get("status").asString()).isEqualTo("UP");
        assertThat(changeFeed.at("/details/seq").asLong()).isEqualTo(seq);
        assertThat(changeFeed.at("/details/lag").asLong()).isZero();
        // Anyone else sees whether the shop is up, and nothing more.
        JsonNode anonymous = json.readTree(http.get("/actuator/health").body());
        assertThat(anonymous.get("status").asString()).isEqualTo("UP");
        assertThat(anonymous.has("components")).isFalse();
    }

    @Test
    void theLiveMetersAreInThePrometheusAnswerForTheAdminOnly() throws Exception {
        try (var stomp = StompTestClient.connect(port)) {
            stomp.subscribeConfirmed("/topic/shirts");
            ShopClient.Response scrape = http.admin("GET", "/actuator/prometheus").send();
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.body()).contains("shop_live_stomp_subscriptions", "shop_live_stomp_sessions",
                    "shop_live_sse_streams", "shop_live_deliveries_total", "shop_live_feed_lag", "shop_live_connections");
            assertThat(http.get("/actuator/prometheus").status()).isEqualTo(401);
            JsonNode subscriptions = json.readTree(http.admin("GET", "/actuator/metrics/shop.live.stomp.subscriptions").send().body());
            assertThat(subscriptions.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1.0);
        }
    }

}
