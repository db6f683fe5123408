package com.example.shop.live;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executable jar as it is shipped, started the fast way the README gives operators: with the
 * application context prepared at build time ({@code -Dspring.aot.enabled=true}, Spring AOT). The
 * rest of the suite starts the application the ordinary way; this proves that the context prepared
 * ahead of time serves the API and the live channel too. Runs after {@code package}, in
 * {@code ./mvnw verify}, on the embedded default (H2 in a temporary directory).
 */
class PackagedShopIT {

    private static final String PASSWORD = "packaged-admin-password";

    @TempDir
    Path data;

    @Test
    void theShippedJarStartedAheadOfTimeServesTheCatalogAndTheLiveChannel() throws Exception {
        Path jar = Path.of(System.getProperty("shop.jar", "target/shop-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar (./mvnw package)").isRegularFile();
        try (var shop = ShopProcess.startJar(jar, List.of("-Dspring.aot.enabled=true"), PASSWORD,
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("shop"))) {
            assertThat(shop.log()).contains("Starting AOT-processed ShopApplication");
            RestTestClient client = ShopFixture.client(shop.port());
            long seq = ShopFixture.seq(client);
            long id;

            try (var subscriber = RawStompClient.connect(shop.port(), "0,0")) {
                subscriber.send("SUBSCRIBE\nid:packaged\ndestination:/topic/shirts\nreceipt:subscribed\n\n\0");
                assertThat(subscriber.next()).startsWith("RECEIPT\n");

                JsonNode created = ShopFixture.create(ShopFixture.asAdmin(client, PASSWORD), "Ahead of time", "12.50");
                id = created.get("id").asLong();

                String message = subscriber.next();
                assertThat(message).startsWith("MESSAGE\n").contains("\"seq\":" + (seq + 1))
                    .contains("\"id\":" + id).contains("\"name\":\"Ahead of time\"");
            }
            assertThat(ShopFixture.getJson(client, "/shirts/" + id).get("name").asString()).isEqualTo("Ahead of time");
            assertThat(shop.log()).doesNotContain("ERROR");
        }
    }

}
