package com.example.shop.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.shop.ShopApplication;
import com.example.shop.ShopClient;
import com.example.shop.ShopClient.Response;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog is kept in a file: a shirt created survives a restart of the application. The
 * application is started twice on the same H2 file in a temporary directory, like the default
 * configuration does under ./data.
 */
class RestartPersistenceTests {

    private static final String PASSWORD = "restart-secret";

    @TempDir
    Path data;

    @Test
    void aShirtCreatedSurvivesARestart() {
        JsonNode created;
        long seq;
        try (ConfigurableApplicationContext first = start()) {
            ShopClient client = client(first);
            Response response = client.admin("POST", "/shirts")
                .json("{\"name\": \"Persistent\", \"color\": \"red\", \"sizes\": [\"M\", \"L\"], \"price\": 21.50}").send();
            assertThat(response.status()).isEqualTo(201);
            created = response.json();
            seq = client.seq();
            assertThat(seq).isEqualTo(1);
        }
        assertThat(data.resolve("shop.mv.db")).exists();

        try (ConfigurableApplicationContext second = start()) {
            ShopClient client = client(second);
            Response read = client.get("/shirts/" + created.get("id").asLong());
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json()).isEqualTo(created);
            assertThat(read.header("ETag")).isEqualTo("\"0\"");
            // The catalog seq goes on from where it was, so live clients never see a number twice.
            assertThat(client.seq()).isEqualTo(seq);
            Response next = client.admin("POST", "/shirts")
                .json("{\"name\": \"Second\", \"color\": \"red\", \"sizes\": [\"M\"], \"price\": 1}").send();
            assertThat(next.id()).isGreaterThan(created.get("id").asLong());
            assertThat(client.seq()).isEqualTo(seq + 1);
        }
    }

    @Test
    void theDefaultDatabaseIsAnH2FileUnderData() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        assertThat(properties.getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:./data/");
    }

    private ConfigurableApplicationContext start() {
        // Arguments, not default properties: those rank below application.properties, whose
        // ./data database the test must not touch.
        return new SpringApplicationBuilder(ShopApplication.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("shop").toAbsolutePath(), "--shop.admin.password=" + PASSWORD);
    }

    private static ShopClient client(ConfigurableApplicationContext context) {
        return new ShopClient(((WebServerApplicationContext) context).getWebServer().getPort(), PASSWORD);
    }

}
