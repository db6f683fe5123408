package com.example.shop.inventory;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import com.example.shop.SalesFixture;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.available;
import static com.example.shop.SalesFixture.shirt;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stock and availability end to end, over a real port: what the admin sets, what everyone sees,
 * ETags, If-Match, and every invalid count answered 400 with nothing changed.
 */
@ShopTest
class StockApiTests {

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    Shopper admin;

    Shopper anyone;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void clients() {
        admin = SalesFixture.admin(HTTP, port);
        anyone = new Shopper(HTTP, port);
    }

    @Test
    void theMigrationStocksEverySizeOfTheSeedShirts() {
        Integer missing = jdbc.queryForObject("""
                SELECT COUNT(*) FROM shirt_size ss JOIN shirt s ON s.id = ss.shirt_id
                LEFT JOIN stock st ON st.shirt_id = ss.shirt_id AND st.size = ss.size
                WHERE s.created_at < TIMESTAMP WITH TIME ZONE '2026-02-01 00:00:00+00' AND st.shirt_id IS NULL""", Integer.class);
        Integer seeded = jdbc.queryForObject("SELECT COUNT(*) FROM stock WHERE on_hand + sold >= 25", Integer.class);
        assertThat(missing).isZero();
        assertThat(seeded).isGreaterThanOrEqualTo(30);
    }

    @Test
    void theAdminSetsStockAndEveryoneSeesWhatIsAvailable() {
        long id = shirt(admin, tag);
        Shopper.Answer before = admin.get("/shirts/" + id + "/stock");
        assertThat(before.json().get("S").get("stock").asInt()).isZero();
        assertThat(available(anyone, id, "M")).isZero();

        Shopper.Answer put = admin.put("/shirts/" + id + "/stock", "{\"S\":10,\"M\":0}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.header("ETag")).isNotNull();
        assertThat(put.json().get("S").get("available").asInt()).isEqualTo(10);

        Shopper.Answer availability = anyone.get("/shirts/" + id + "/availability");
        assertThat(availability.json().get("S").asInt()).isEqualTo(10);
        assertThat(availability.json().get("M").asInt()).isZero();
        Shopper.Answer all = anyone.get("/availability");
        assertThat(all.json().get("shirts").get(String.valueOf(id)).get("S").asInt()).isEqualTo(10);
        assertThat(all.json().has("epoch")).isTrue();
        assertThat(all.json().get("seq").asLong()).isPositive();
    }

    @Test
    void availabilityAnswers304UntilItChanges() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper.Answer first = anyone.get("/availability");
        String etag = first.header("ETag");
        assertThat(anyone.send("GET", "/availability", null, Map.of("If-None-Match", etag)).status()).isEqualTo(304);
        String shirtEtag = anyone.get("/shirts/" + id + "/availability").header("ETag");
        assertThat(anyone.send("GET", "/shirts/" + id + "/availability", null, Map.of("If-None-Match", shirtEtag)).status())
            .isEqualTo(304);

        Shopper shopper = new Shopper(HTTP, port);
        assertThat(add(shopper, id, "S", 2).status()).isEqualTo(200);

        Shopper.Answer after = anyone.send("GET", "/availability", null, Map.of("If-None-Match", etag));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("shirts").get(String.valueOf(id)).get("S").asInt()).isEqualTo(3);
        Shopper.Answer stock = admin.get("/shirts/" + id + "/stock");
        assertThat(stock.json().get("S").get("held").asInt()).isEqualTo(2);
        assertThat(stock.json().get("S").get("stock").asInt()).isEqualTo(5);
    }

    @Test
    void everyInvalidCountIsNamedAndNothingChanges() {
        long id = stockedShirt(admin, tag, 7, 7);
        assertInvalid(id, "{\"S\":1}", "M");
        assertInvalid(id, "{\"S\":1,\"M\":1,\"XL\":1}", "XL");
        assertInvalid(id, "{\"S\":1,\"M\":1,\"Q\":1}", "Q");
        assertInvalid(id, "{\"S\":-1,\"M\":1}", "S");
        assertInvalid(id, "{\"S\":1.5,\"M\":1}", "S");
        assertInvalid(id, "{\"S\":\"3\",\"M\":1}", "S");
        assertInvalid(id, "{\"S\":1000001,\"M\":1}", "S");
        assertInvalid(id, "{\"S\":99999999999999999999,\"M\":1}", "S");
        assertThat(admin.put("/shirts/" + id + "/stock", "[1]").status()).isEqualTo(400);
        assertThat(admin.put("/shirts/" + id + "/stock", "{\"S\":1000000,\"M\":0}").status()).isEqualTo(200);
    }

    @Test
    void ifMatchWorksAsOnTheShirt() {
        long id = stockedShirt(admin, tag, 1, 1);
        String etag = admin.get("/shirts/" + id + "/stock").header("ETag");
        assertThat(admin.send("PUT", "/shirts/" + id + "/stock", "{\"S\":2,\"M\":2}",
                Map.of("Content-Type", "application/json", "If-Match", etag)).status()).isEqualTo(200);
        Shopper.Answer stale = admin.send("PUT", "/shirts/" + id + "/stock", "{\"S\":3,\"M\":3}",
                Map.of("Content-Type", "application/json", "If-Match", etag));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).contains("application/problem+json");
        assertThat(available(anyone, id, "S")).isEqualTo(2);
        assertThat(admin.send("GET", "/shirts/" + id + "/stock", null, Map.of("If-None-Match", stale.header("ETag"))).status())
            .isEqualTo(304);
    }

    @Test
    void stockBelowWhatCartsHoldIsRefused() {
        long id = stockedShirt(admin, tag, 5, 5);
        assertThat(add(new Shopper(HTTP, port), id, "M", 3).status()).isEqualTo(200);
        Shopper.Answer lower = admin.put("/shirts/" + id + "/stock", "{\"S\":5,\"M\":2}");
        assertThat(lower.status()).isEqualTo(409);
        assertThat(lower.json().get("held").asInt()).isEqualTo(3);
        assertThat(admin.put("/shirts/" + id + "/stock", "{\"S\":5,\"M\":3}").status()).isEqualTo(200);
        assertThat(available(anyone, id, "M")).isZero();
    }

    @Test
    void stockIsTheAdminsAvailabilityEveryones() {
        long id = shirt(admin, tag);
        assertThat(anyone.get("/shirts/" + id + "/stock").status()).isEqualTo(401);
        assertThat(anyone.put("/shirts/" + id + "/stock", "{\"S\":1,\"M\":1}").status()).isIn(401, 403);
        assertThat(anyone.get("/shirts/" + id + "/availability").status()).isEqualTo(200);
        assertThat(anyone.get("/shirts/999999999/availability").status()).isEqualTo(404);
        assertThat(admin.get("/shirts/999999999/stock").status()).isEqualTo(404);
    }

    private void assertInvalid(long id, String body, String field) {
        Shopper.Answer answer = admin.put("/shirts/" + id + "/stock", body);
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.header("Content-Type")).contains("application/problem+json");
        assertThat(answer.json().get("errors").findValuesAsString("field")).as(body).contains(field);
        assertThat(admin.get("/shirts/" + id + "/stock").json().get("S").get("stock").asInt()).isEqualTo(7);
    }

}
