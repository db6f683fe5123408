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
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.shop.PostgresDatabase;
import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.example.shop.ShopFixture.json;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static com.example.shop.catalog.web.ShirtApiTests.MERGE_PATCH;
import static com.example.shop.catalog.web.ShirtApiTests.assertProblem;
import static com.example.shop.catalog.web.ShirtApiTests.id;
import static com.example.shop.catalog.web.ShirtApiTests.shirt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.IF_MATCH;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * The whole application on PostgreSQL with the {@code postgres} profile, as in production: the
 * profile reads POSTGRES_URL, POSTGRES_USER and POSTGRES_PASSWORD, Flyway migrates, and a shirt
 * makes the round trip over HTTP. It runs in a schema of its own ({@link PostgresDatabase#register}),
 * so the seq is its own; it still finds its shirts by a tag of its own.
 */
@ExtendWith(PostgresDatabase.Required.class)
// A context of its own: the postgres profile instead of the test profile, so the password is given here.
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

    /** Catalog writes queue on one row lock: the wait is bounded, as on H2, so a stuck writer means 409s, not hung requests. */
    @Test
    void aWriteThatWaitsTooLongForAnotherIsAConflictAndChangesNothing() throws Exception {
        RestTestClient client = ShopFixture.client(port);
        RestTestClient admin = ShopFixture.asAdmin(client, PASSWORD);
        String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
        long seq = seq(client);
        CatalogLock.hold(transactions, jdbc, () -> assertProblem(admin.post().uri("/shirts").contentType(APPLICATION_JSON)
            .body(shirt("Waited " + tag, "red", "[\"M\"]", "5")).exchange(), 409));
        assertThat(json(client.get().uri("/shirts?q=" + tag).exchange()).get("shirts")).isEmpty();
        assertThat(seq(client)).isEqualTo(seq);
    }

    @Test
    void createListPatchAndDeleteOnPostgres() {
        RestTestClient client = ShopFixture.client(port);
        RestTestClient admin = ShopFixture.asAdmin(client, PASSWORD);
        String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
        long seq = seq(client);

        ResponseSpec created = admin.post().uri("/shirts").header("Idempotency-Key", tag).contentType(APPLICATION_JSON)
            .body(shirt("100% " + tag, "red", "[\"XL\", \"M\"]", "10.50")).exchange();
        created.expectStatus().isCreated();
        long id = id(created);
        ResponseSpec retried = admin.post().uri("/shirts").header("Idempotency-Key", tag).contentType(APPLICATION_JSON)
            .body(shirt("100% " + tag, "red", "[\"XL\", \"M\"]", "10.50")).exchange();
        assertThat(id(retried)).isEqualTo(id);

        ResponseSpec list = client.get().uri("/shirts?q=100%25%20" + tag + "&sizes=M&sizes=XL&minPrice=10.5&maxPrice=10.5").exchange();
        list.expectStatus().isOk();
        assertThat(json(list).get("shirts")).hasSize(1);
        assertThat(json(list).get("shirts").get(0)).isEqualTo(json(created));
        assertThat(text(list)).contains("\"price\":10.50");
        assertThat(json(list).get("seq").asLong()).isEqualTo(seq + 1);
        assertThat(json(client.get().uri("/shirts?q=100_%20" + tag).exchange()).get("shirts")).isEmpty();
        assertThat(json(client.get().uri("/shirts?q=everyday").exchange()).get("shirts").get(0).get("name").asString()).isEqualTo("Basic");

        ResponseSpec patched = admin.patch().uri("/shirts/" + id).header(IF_MATCH, "\"0\"").contentType(MERGE_PATCH)
            .body("{\"description\": \"On PostgreSQL\"}").exchange();
        patched.expectStatus().isOk();
        assertThat(json(client.get().uri("/shirts/" + id).exchange())).isEqualTo(json(patched));

        // PostgreSQL cannot store NUL; it must be refused before it gets there.
        assertProblem(admin.patch().uri("/shirts/" + id).contentType(MERGE_PATCH)
            .body("{\"description\": \"a\\u0000b\"}").exchange(), 400);
        assertProblem(client.get().uri("/shirts?q=%00").exchange(), 400);

        admin.delete().uri("/shirts/" + id).exchange().expectStatus().isNoContent();
        assertProblem(client.get().uri("/shirts/" + id).exchange(), 404);
        assertThat(seq(client)).isEqualTo(seq + 3);
    }


    /**
     * Reads are answered from memory, sorted there too: by name they must still follow the
     * database's collation, which on PostgreSQL is not the order of Java's String.compareTo.
     */
    @Test
    void listsSortedByNameFollowTheDatabasesCollation() {
        RestTestClient client = ShopFixture.client(port);
        RestTestClient admin = ShopFixture.asAdmin(client, PASSWORD);
        String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
        for (String name : List.of("banana", "Banana", "apple", "Cherry", "cherry", "_under", "Zebra", "émile")) {
            admin.post().uri("/shirts").contentType(APPLICATION_JSON).body(shirt(name + " " + tag, "red", "[\"M\"]", "10.00")).exchange()
                .expectStatus().isCreated();
        }
        for (String direction : List.of("ASC", "DESC")) {
            List<String> expected = jdbc.queryForList("SELECT name FROM shirt WHERE name LIKE ? ORDER BY name " + direction + ", id",
                    String.class, "%" + tag);
            assertThat(json(client.get().uri("/shirts?size=50&sort=name," + direction.toLowerCase(java.util.Locale.ROOT) + "&q=" + tag)
                .exchange()).get("shirts").findValuesAsString("name")).isEqualTo(expected);
        }
    }

    /**
     * Another shop on the same database changes a shirt; this one heard nothing of it and must
     * still answer the change on the next read. Done here as another shop's Catalog does it: the
     * seq, the row and the change log in one transaction.
     */
    @Test
    void aChangeCommittedByAnotherShopIsVisibleToTheNextRead() {
        RestTestClient client = ShopFixture.client(port);
        RestTestClient admin = ShopFixture.asAdmin(client, PASSWORD);
        String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
        ResponseSpec created = admin.post().uri("/shirts").contentType(APPLICATION_JSON)
            .body(shirt("Elsewhere " + tag, "red", "[\"M\"]", "20.00")).exchange();
        long id = id(created);
        String list = "/shirts?q=" + tag;
        JsonNode before = json(client.get().uri(list).exchange());
        assertThat(json(client.get().uri("/shirts/" + id).exchange())).isEqualTo(json(created));

        ObjectNode changed = (ObjectNode) json(created).deepCopy();
        changed.put("price", new BigDecimal("21.00"));
        changed.put("version", 1);
        transactions.executeWithoutResult(status -> {
            jdbc.update("UPDATE catalog_sequence SET last_seq = last_seq + 1 WHERE id = 1");
            jdbc.update("UPDATE shirt SET price = 21.00, version = 1 WHERE id = ?", id);
            jdbc.update("INSERT INTO catalog_event (seq, type, shirt_id, occurred_at, payload) VALUES (?, 'shirt.updated', ?, now(), ?)",
                    before.get("seq").asLong() + 1, id, changed.toString());
        });

        JsonNode shirt = json(client.get().uri("/shirts/" + id).exchange());
        assertThat(shirt.get("price").decimalValue()).isEqualByComparingTo("21.00");
        assertThat(shirt.get("version").asLong()).isEqualTo(1);
        JsonNode after = json(client.get().uri(list).exchange());
        assertThat(after.get("seq").asLong()).isEqualTo(before.get("seq").asLong() + 1);
        assertThat(after.get("shirts")).containsExactly(shirt);
    }

}
