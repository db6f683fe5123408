package com.example.shop.live;

import com.example.shop.live.stomp.StompEndpoint;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopApplication;
import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.getJson;
import static com.example.shop.ShopFixture.json;
import static com.example.shop.ShopFixture.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.ETAG;

/**
 * The catalog is kept in a file, and so is its seq: a restarted shop answers the shirts it had,
 * exactly as before, and goes on numbering where it stopped. The shop is started twice on the same
 * H2 file in a temporary directory, as the default configuration does under ./data.
 */
class RestartTests {

    @TempDir
    Path data;

    @Test
    void shirtsAndSeqSurviveARestart() throws Exception {
        long before;
        JsonNode created;
        try (ConfigurableApplicationContext shop = start()) {
            RestTestClient http = http(shop);
            RestTestClient admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
            created = create(admin, "Before the restart", "10.00");
            create(admin, "Also before", "11.00");
            before = seq(http);
            assertThat(before).isEqualTo(2);
        }
        assertThat(data.resolve("shop.mv.db")).exists();
        try (ConfigurableApplicationContext shop = start()) {
            RestTestClient http = http(shop);
            RestTestClient admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
            assertThat(seq(http)).isEqualTo(before);
            assertThat(getJson(http, "/shirts?q=before").get("shirts")).hasSize(2);
            ResponseSpec read = http.get().uri("/shirts/" + created.get("id").asLong()).exchange();
            assertThat(json(read)).isEqualTo(created);
            read.expectHeader().valueEquals(ETAG, "\"0\"");
            try (var stomp = StompTestClient.connect(port(shop))) {
                var shirts = stomp.subscribe("/topic/shirts").awaitRegistered(shop.getBean(StompEndpoint.class));
                JsonNode after = create(admin, "After the restart", "12.00");
                assertThat(after.get("id").asLong()).isGreaterThan(created.get("id").asLong());
                assertThat(shirts.next().seqHeader()).isEqualTo(before + 1);
            }
            JsonNode events = getJson(http, "/shirts/events?after=0").get("events");
            assertThat(events).extracting(event -> event.get("seq").asLong()).containsExactly(1L, 2L, 3L);
        }
    }

    private ConfigurableApplicationContext start() {
        // Command-line arguments: they win over application.properties (builder properties would not).
        return new SpringApplicationBuilder(ShopApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("shop") + ";LOCK_TIMEOUT=10000",
                "--shop.admin.password=" + LiveShop.PASSWORD);
    }

    private static int port(ConfigurableApplicationContext shop) {
        return Integer.parseInt(shop.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static RestTestClient http(ConfigurableApplicationContext shop) {
        return ShopFixture.client(port(shop), shop.getBean(JsonMapper.class));
    }

}
