package com.example.shop.catalog.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.shop.PostgresDatabase;
import com.example.shop.ShopClient;
import com.example.shop.ShopClient.Response;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.shop.catalog.web.ShirtApiTests.assertProblem;
import static com.example.shop.catalog.web.ShirtApiTests.shirt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on PostgreSQL with the {@code postgres} profile, as in production: the
 * profile reads POSTGRES_URL, POSTGRES_USER and POSTGRES_PASSWORD, Flyway migrates, and a shirt
 * makes the round trip over HTTP. It runs in a schema of its own ({@link PostgresDatabase#register}),
 * so the seq is its own; it still finds its shirts by a tag of its own.
 */
@ExtendWith(PostgresDatabase.Required.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shop.admin.password=" + PostgresApplicationTests.PASSWORD)
@ActiveProfiles("postgres")
class PostgresApplicationTests {

    static final String PASSWORD = "postgres-test-secret";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }

    @Test
    void writersWaitForTheCatalogLockAtMostTenSeconds() {
        // Catalog writes queue on one row lock: bounded, as on H2, so a stuck writer yields 409s, not hung requests.
        assertThat(jdbc.queryForObject("SHOW lock_timeout", String.class)).isEqualTo("10s");
    }

    @Test
    void createListPatchAndDeleteOnPostgres() {
        ShopClient client = new ShopClient(port, PASSWORD);
        String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
        long seq = client.seq();

        Response created = client.admin("POST", "/shirts").header("Idempotency-Key", tag)
            .json(shirt("100% " + tag, "red", "[\"XL\", \"M\"]", "10.50")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Response retried = client.admin("POST", "/shirts").header("Idempotency-Key", tag)
            .json(shirt("100% " + tag, "red", "[\"XL\", \"M\"]", "10.50")).send();
        assertThat(retried.id()).isEqualTo(created.id());

        Response list = client.get("/shirts?q=100%25%20" + tag + "&sizes=M&sizes=XL&minPrice=10.5&maxPrice=10.5");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("shirts")).hasSize(1);
        assertThat(list.json().get("shirts").get(0)).isEqualTo(created.json());
        assertThat(list.body()).contains("\"price\":10.50");
        assertThat(list.json().get("seq").asLong()).isEqualTo(seq + 1);
        assertThat(client.get("/shirts?q=100_%20" + tag).json().get("shirts")).isEmpty();
        assertThat(client.get("/shirts?q=everyday").json().get("shirts").get(0).get("name").asString()).isEqualTo("Basic");

        Response patched = client.admin("PATCH", "/shirts/" + created.id()).header("If-Match", "\"0\"")
            .body(ShirtApiTests.MERGE_PATCH, "{\"description\": \"On PostgreSQL\"}").send();
        assertThat(patched.status()).isEqualTo(200);
        assertThat(client.get("/shirts/" + created.id()).json()).isEqualTo(patched.json());

        // PostgreSQL cannot store NUL; it must be refused before it gets there.
        assertProblem(client.admin("PATCH", "/shirts/" + created.id())
            .body(ShirtApiTests.MERGE_PATCH, "{\"description\": \"a\\u0000b\"}").send(), 400);
        assertProblem(client.get("/shirts?q=%00"), 400);

        assertThat(client.admin("DELETE", "/shirts/" + created.id()).send().status()).isEqualTo(204);
        assertProblem(client.get("/shirts/" + created.id()), 404);
        assertThat(client.seq()).isEqualTo(seq + 3);
    }


    /**
     * Reads are answered from memory, sorted there too: by name they must still follow the
     * database's collation, which on PostgreSQL is not the order of Java's String.compareTo.
     */
    @Test
    void listsSortedByNameFollowTheDatabasesCollation() {
        ShopClient client = new ShopClient(port, PASSWORD);
        String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("banana", "Banana", "apple", "Cherry", "cherry", "_under", "Zebra", "émile")) {
            assertThat(client.admin("POST", "/shirts").json(shirt(name + " " + tag, "red", "[\"M\"]", "10.00")).send().status())
                .isEqualTo(201);
        }
        for (String direction : List.of("ASC", "DESC")) {
            List<String> expected = jdbc.queryForList("SELECT name FROM shirt WHERE name LIKE ? ORDER BY name " + direction + ", id",
                    String.class, "%" + tag);
            assertThat(client.get("/shirts?size=50&sort=name," + direction.toLowerCase(java.util.Locale.ROOT) + "&q=" + tag)
                .json().get("shirts").findValuesAsString("name")).isEqualTo(expected);
        }
    }

    /**
     * Another shop on the same database changes a shirt; this one heard nothing of it and must
     * still answer the change on the next read. Done here as another shop's Catalog does it: the
     * seq, the row and the change log in one transaction.
     */
    @Test
    void aChangeCommittedByAnotherShopIsVisibleToTheNextRead() {
        ShopClient client = new ShopClient(port, PASSWORD);
        String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
        Response created = client.admin("POST", "/shirts").json(shirt("Elsewhere " + tag, "red", "[\"M\"]", "20.00")).send();
        long id = created.id();
        String list = "/shirts?q=" + tag;
        JsonNode before = client.get(list).json();
        assertThat(client.get("/shirts/" + id).json()).isEqualTo(created.json());

        ObjectNode changed = (ObjectNode) created.json().deepCopy();
        changed.put("price", new BigDecimal("21.00"));
        changed.put("version", 1);
        transactions.executeWithoutResult(status -> {
            jdbc.update("UPDATE catalog_sequence SET last_seq = last_seq + 1 WHERE id = 1");
            jdbc.update("UPDATE shirt SET price = 21.00, version = 1 WHERE id = ?", id);
            jdbc.update("INSERT INTO catalog_event (seq, type, shirt_id, occurred_at, payload) VALUES (?, 'shirt.updated', ?, now(), ?)",
                    before.get("seq").asLong() + 1, id, changed.toString());
        });

        JsonNode shirt = client.get("/shirts/" + id).json();
        assertThat(shirt.get("price").decimalValue()).isEqualByComparingTo("21.00");
        assertThat(shirt.get("version").asLong()).isEqualTo(1);
        JsonNode after = client.get(list).json();
        assertThat(after.get("seq").asLong()).isEqualTo(before.get("seq").asLong() + 1);
        assertThat(after.get("shirts")).containsExactly(shirt);
    }

}
