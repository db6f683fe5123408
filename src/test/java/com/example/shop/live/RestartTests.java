package com.example.shop.live;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.shop.ShopApplication;
import com.example.shop.ShopClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

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
            ShopClient http = http(shop);
            created = http.create("Before the restart", "10.00");
            http.create("Also before", "11.00");
            before = http.seq();
            assertThat(before).isEqualTo(2);
        }
        assertThat(data.resolve("shop.mv.db")).exists();
        try (ConfigurableApplicationContext shop = start()) {
            ShopClient http = http(shop);
            assertThat(http.seq()).isEqualTo(before);
            assertThat(http.getJson("/shirts?q=before").get("shirts")).hasSize(2);
            var read = http.get("/shirts/" + created.get("id").asLong());
            assertThat(read.json()).isEqualTo(created);
            assertThat(read.header("ETag")).isEqualTo("\"0\"");
            try (var stomp = StompTestClient.connect(port(shop))) {
                var shirts = stomp.subscribe("/topic/shirts").awaitRegistered(shop.getBean(ShirtTopic.class));
                JsonNode after = http.create("After the restart", "12.00");
                assertThat(after.get("id").asLong()).isGreaterThan(created.get("id").asLong());
                assertThat(shirts.next().seqHeader()).isEqualTo(before + 1);
            }
            JsonNode events = http.getJson("/shirts/events?after=0").get("events");
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

    private static ShopClient http(ConfigurableApplicationContext shop) {
        return new ShopClient(port(shop), LiveShop.PASSWORD, shop.getBean(JsonMapper.class));
    }

}
