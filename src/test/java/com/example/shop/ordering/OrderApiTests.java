package com.example.shop.ordering;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.SalesFixture;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;

import tools.jackson.databind.JsonNode;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.available;
import static com.example.shop.SalesFixture.checkout;
import static com.example.shop.SalesFixture.shopperFrom;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkout and orders end to end over a real port: one transaction from cart to order, prices
 * fixed at purchase, who may see an order, idempotent retries, and the status moves.
 */
@ShopTest
class OrderApiTests {

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    Shopper admin;

    Shopper anyone;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void clients() {
        admin = SalesFixture.admin(HTTP, port);
        anyone = new Shopper(HTTP, port);
    }

    Shopper shopper() {
        return shopperFrom(HTTP, port, "10.8.");
    }

    @Test
    void aCheckoutTurnsTheCartIntoAnOrderAtTodaysPricesAndKeepsThem() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        add(shopper, id, "M", 2);

        Shopper.Answer placed = checkout(shopper);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        JsonNode order = placed.json();
        String orderId = order.get("id").asString();
        assertThat(UUID.fromString(orderId)).isNotNull();
        assertThat(placed.header("Location")).isEqualTo("/orders/" + orderId);
        assertThat(placed.header("ETag")).isNotNull();
        assertThat(order.get("status").asString()).isEqualTo("PLACED");
        assertThat(order.get("placedAt").asString()).isNotBlank();
        assertThat(order.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(order.get("email").asString()).isEqualTo("ada@example.com");
        assertThat(order.get("address").asString()).startsWith("12 St James");
        JsonNode line = order.get("lines").get(0);
        assertThat(line.get("shirtId").asLong()).isEqualTo(id);
        assertThat(line.get("name").asString()).isEqualTo(tag);
        assertThat(line.get("color").asString()).isEqualTo("blue");
        assertThat(line.get("size").asString()).isEqualTo("M");
        assertThat(line.get("quantity").asInt()).isEqualTo(2);
        assertThat(line.get("unitPrice").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(line.get("lineTotal").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(order.get("total").decimalValue()).isEqualByComparingTo("40.00");

        assertThat(shopper.get("/cart").json().get("items")).isEmpty();
        JsonNode stock = admin.get("/shirts/" + id + "/stock").json().get("M");
        assertThat(stock.get("stock").asInt()).isEqualTo(3);
        assertThat(stock.get("held").asInt()).isZero();

        assertThat(admin.patch("/shirts/" + id, "{\"price\":99.00}", Map.of()).status()).isEqualTo(200);
        JsonNode later = shopper.get("/orders/" + orderId).json();
        assertThat(later.get("lines").get(0).get("unitPrice").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(later.get("total").decimalValue()).isEqualByComparingTo("40.00");
        String etag = placed.header("ETag");
        assertThat(shopper.send("GET", "/orders/" + orderId, null, Map.of("If-None-Match", etag)).status()).isEqualTo(304);
    }

    @Test
    void invalidBuyerFieldsAre400NamingTheFieldAndNothingIsBought() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        add(shopper, id, "M", 1);
        assertInvalid(shopper, "{\"name\":\"\",\"email\":\"ada@example.com\",\"address\":\"London\"}", "name");
        assertInvalid(shopper, "{\"name\":\"Ada\",\"email\":\"not-an-address\",\"address\":\"London\"}", "email");
        assertInvalid(shopper, "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}", "address");
        assertInvalid(shopper, "{\"name\":\"Ada\\u202Egnp.exe\",\"email\":\"ada@example.com\",\"address\":\"London\"}", "name");
        assertInvalid(shopper, "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"address\":\"London\\u001b[2J\"}", "address");
        // Half a surrogate pair cannot be written as UTF-8 (PostgreSQL refuses it): the shared PlainText refuses it first.
        assertInvalid(shopper, "{\"name\":\"Ada\\uD800\",\"email\":\"ada@example.com\",\"address\":\"London\"}", "name");
        assertInvalid(shopper, "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"address\":\"" + "x".repeat(501) + "\"}", "address");
        assertThat(shopper.get("/cart").json().get("items")).hasSize(1);
        assertThat(available(anyone, id, "M")).isEqualTo(4);
        assertThat(shopper.get("/orders").json().get("orders")).isEmpty();
    }

    @Test
    void theOrderAddressAnswersAPageToBrowsersAndJsonToClients() {
        String orderId = order(1);
        Shopper.Answer page = admin.send("GET", "/orders/" + orderId, null, Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("id=\"order-status\"");
        Shopper.Answer json = admin.send("GET", "/orders/" + orderId, null, Map.of("Accept", "application/json"));
        assertThat(json.json().get("id").asString()).isEqualTo(orderId);
        Shopper.Answer any = admin.send("GET", "/orders/" + orderId, null, Map.of("Accept", "*/*"));
        assertThat(any.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void anEmptyCartCannotBeCheckedOut() {
        Shopper.Answer empty = checkout(shopper());
        assertThat(empty.status()).isEqualTo(409);
        assertThat(empty.json().get("title").asString()).isEqualTo("Empty cart");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheFirstOrder() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        add(shopper, id, "S", 1);
        String body = "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"address\":\"London\"}";
        Shopper.Answer first = shopper.post("/orders", body, Map.of("Idempotency-Key", "k-" + tag));
        Shopper.Answer retry = shopper.post("/orders", body, Map.of("Idempotency-Key", "k-" + tag));
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(available(anyone, id, "S")).isEqualTo(4);
        Shopper.Answer reused = shopper.post("/orders", body.replace("Ada", "Bob"), Map.of("Idempotency-Key", "k-" + tag));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(shopper.get("/orders").json().get("orders")).hasSize(1);
    }

    @Test
    void anOrderIsSeenByItsSessionAndTheAdminOnly() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper buyer = shopper();
        String orderId = SalesFixture.order(buyer, id, "S");

        assertThat(buyer.get("/orders/" + orderId).status()).isEqualTo(200);
        assertThat(admin.get("/orders/" + orderId).status()).isEqualTo(200);
        Shopper other = shopper();
        add(other, id, "S", 1);
        assertThat(other.get("/orders/" + orderId).status()).isEqualTo(404);
        assertThat(anyone.get("/orders/" + orderId).status()).isEqualTo(404);
        assertThat(anyone.get("/orders/" + UUID.randomUUID()).status()).isEqualTo(404);

        assertThat(buyer.get("/orders").json().get("orders").findValuesAsString("id")).containsExactly(orderId);
        assertThat(other.get("/orders").json().get("orders")).isEmpty();
        assertThat(anyone.get("/orders").json().get("orders")).isEmpty();
        JsonNode all = admin.get("/orders?status=PLACED&size=100").json();
        assertThat(all.get("orders").findValuesAsString("id")).contains(orderId);
        assertThat(all.get("orders").findValuesAsString("status")).containsOnly("PLACED");
        assertThat(all.get("page").get("size").asInt()).isEqualTo(100);
        JsonNode paged = admin.get("/orders?size=1&page=0").json();
        assertThat(paged.get("orders")).hasSize(1);
        assertThat(paged.get("page").get("totalElements").asLong()).isPositive();
        assertThat(admin.get("/orders?status=LOST").status()).isEqualTo(400);
        assertThat(admin.get("/orders?size=101").status()).isEqualTo(400);
    }

    @Test
    void theAdminMovesAnOrderAlongItsLife() {
        String orderId = order(1);
        assertThat(move(orderId, "SHIPPED", null).status()).isEqualTo(409);
        Shopper.Answer paid = move(orderId, "PAID", null);
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().get("status").asString()).isEqualTo("PAID");
        Shopper.Answer stale = move(orderId, "SHIPPED", "\"0\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(move(orderId, "SHIPPED", paid.header("ETag")).status()).isEqualTo(200);
        Shopper.Answer back = move(orderId, "CANCELLED", null);
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.json().get("status").asString()).isEqualTo("SHIPPED");
        assertThat(move(orderId, "PLACED", null).status()).isEqualTo(409);

        assertThat(admin.patch("/orders/" + orderId, "{\"status\":\"LOST\"}", Map.of()).status()).isEqualTo(400);
        assertThat(admin.patch("/orders/" + orderId, "{\"total\":0}", Map.of()).status()).isEqualTo(400);
        assertThat(admin.patch("/orders/" + orderId, "[]", Map.of()).status()).isEqualTo(400);
        assertThat(admin.patch("/orders/" + UUID.randomUUID(), "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(404);
        assertThat(anyone.patch("/orders/" + orderId, "{\"status\":\"PAID\"}", Map.of()).status()).isIn(401, 403);
    }

    @Test
    void aCancelledOrderReturnsItsUnitsToStock() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        add(shopper, id, "M", 3);
        String orderId = checkout(shopper).json().get("id").asString();
        assertThat(available(anyone, id, "M")).isEqualTo(2);
        assertThat(move(orderId, "PAID", null).status()).isEqualTo(200);
        assertThat(move(orderId, "CANCELLED", null).status()).isEqualTo(200);
        assertThat(available(anyone, id, "M")).isEqualTo(5);
        assertThat(admin.get("/shirts/" + id + "/stock").json().get("M").get("stock").asInt()).isEqualTo(5);
        // Cancelling again changes nothing, and returns nothing twice.
        assertThat(move(orderId, "CANCELLED", null).status()).isEqualTo(200);
        assertThat(available(anyone, id, "M")).isEqualTo(5);
    }

    private String order(int quantity) {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        add(shopper, id, "M", quantity);
        return checkout(shopper).json().get("id").asString();
    }

    private Shopper.Answer move(String orderId, String status, String ifMatch) {
        return admin.patch("/orders/" + orderId, "{\"status\":\"" + status + "\"}", ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    private static void assertInvalid(Shopper shopper, String body, String field) {
        Shopper.Answer answer = shopper.post("/orders", body, Map.of());
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.header("Content-Type")).contains("application/problem+json");
        assertThat(answer.json().get("errors").findValuesAsString("field")).as(body).contains(field);
    }

}
