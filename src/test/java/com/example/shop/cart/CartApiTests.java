package com.example.shop.cart;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.example.shop.SalesFixture;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;
import com.example.shop.TestClock;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.available;
import static com.example.shop.SalesFixture.checkout;
import static com.example.shop.SalesFixture.shirt;
import static com.example.shop.SalesFixture.shopperFrom;
import static com.example.shop.SalesFixture.stock;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /cart} end to end: each shopper a session of their own over a real port, as browsers are,
 * CSRF token included; holds, their expiry, and the limits against holding all the stock.
 */
@ShopTest
class CartApiTests {

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CartProperties properties;

    Shopper admin;

    Shopper anyone;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void clients() {
        admin = SalesFixture.admin(HTTP, port);
        anyone = new Shopper(HTTP, port);
    }

    Shopper shopper() {
        return shopperFrom(HTTP, port, "10.9.");
    }

    @Test
    void aLineHoldsItsUnitsAtTheCatalogsPrice() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        assertThat(shopper.get("/cart").json().get("items")).isEmpty();

        Shopper.Answer cart = shopper.put("/cart/items/" + id + "/M", "{\"quantity\":2,\"unitPrice\":0.01}");
        assertThat(cart.status()).as(cart.body()).isEqualTo(200);
        var item = cart.json().get("items").get(0);
        assertThat(item.get("shirtId").asLong()).isEqualTo(id);
        assertThat(item.get("name").asString()).isEqualTo(tag);
        assertThat(item.get("color").asString()).isEqualTo("blue");
        assertThat(item.get("size").asString()).isEqualTo("M");
        assertThat(item.get("quantity").asInt()).isEqualTo(2);
        assertThat(item.get("unitPrice").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(item.get("lineTotal").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(cart.json().get("total").decimalValue()).isEqualByComparingTo("40.00");
        Instant expires = Instant.parse(cart.json().get("holdExpiresAt").asString());
        assertThat(expires).isBetween(clock.instant().plus(Duration.ofMinutes(14)), clock.instant().plus(Duration.ofMinutes(16)));
        assertThat(available(anyone, id, "M")).isEqualTo(3);
        assertThat(shopper.get("/cart").json().get("items").get(0).get("quantity").asInt()).isEqualTo(2);

        // Setting the line again changes the hold by the difference; 0 removes the line.
        assertThat(add(shopper, id, "M", 1).status()).isEqualTo(200);
        assertThat(available(anyone, id, "M")).isEqualTo(4);
        assertThat(add(shopper, id, "M", 0).json().get("items")).isEmpty();
        assertThat(available(anyone, id, "M")).isEqualTo(5);
    }

    @Test
    void fewerFreeUnitsAre409WithWhatIsAvailable() {
        long id = stockedShirt(admin, tag, 0, 3);
        Shopper shopper = shopper();
        Shopper.Answer tooMany = add(shopper, id, "M", 5);
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.header("Content-Type")).contains("application/problem+json");
        assertThat(tooMany.json().get("available").asInt()).isEqualTo(3);
        assertThat(available(anyone, id, "M")).isEqualTo(3);
        assertThat(shopper.get("/cart").json().get("items")).isEmpty();

        // What the line already holds counts as available to it.
        assertThat(add(shopper, id, "M", 2).status()).isEqualTo(200);
        Shopper.Answer more = add(shopper, id, "M", 4);
        assertThat(more.status()).isEqualTo(409);
        assertThat(more.json().get("available").asInt()).isEqualTo(3);

        Shopper.Answer soldOut = add(shopper(), id, "S", 1);
        assertThat(soldOut.status()).isEqualTo(409);
        assertThat(soldOut.json().get("available").asInt()).isZero();
        assertThat(soldOut.json().get("title").asString()).isEqualTo("Sold out");
    }

    @Test
    void badLinesAre400Or404AndChangeNothing() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        assertThat(add(shopper, 999_999_999, "M", 1).status()).isEqualTo(404);
        Shopper.Answer notOffered = add(shopper, id, "XL", 1);
        assertThat(notOffered.status()).isEqualTo(400);
        assertThat(notOffered.json().get("errors").findValuesAsString("field")).contains("size");
        assertThat(add(shopper, id, "Q", 1).status()).isEqualTo(400);
        for (String body : new String[] { "{\"quantity\":11}", "{\"quantity\":-1}", "{}", "{\"quantity\":1.5}", "{\"quantity\":\"2\"}" }) {
            Shopper.Answer answer = shopper.put("/cart/items/" + id + "/M", body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.json().get("errors").findValuesAsString("field")).as(body).contains("quantity");
        }
        assertThat(available(anyone, id, "M")).isEqualTo(5);
        assertThat(shopper.get("/cart").json().get("items")).isEmpty();
    }

    @Test
    void aBrowserWriteWithoutTheCsrfTokenIsRefused() throws Exception {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        assertThat(add(shopper, id, "M", 1).status()).isEqualTo(200);
        // The session cookie but not the token, as a page of another site would send it.
        String sessionCookie = shopper.cookie("JSESSIONID");
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/cart/items/" + id + "/M"))
            .header("Cookie", "JSESSIONID=" + sessionCookie).header("Sec-Fetch-Site", "cross-site")
            .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"quantity\":5}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(available(anyone, id, "M")).isEqualTo(4);
    }

    @Test
    void deletingALineOrTheCartReleasesItsUnits() {
        long id = stockedShirt(admin, tag, 5, 5);
        Shopper shopper = shopper();
        add(shopper, id, "M", 2);
        add(shopper, id, "S", 3);
        assertThat(shopper.delete("/cart/items/" + id + "/M").json().get("items")).hasSize(1);
        assertThat(available(anyone, id, "M")).isEqualTo(5);
        assertThat(available(anyone, id, "S")).isEqualTo(2);
        Shopper.Answer empty = shopper.delete("/cart");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.json().get("items")).isEmpty();
        assertThat(available(anyone, id, "S")).isEqualTo(5);
        assertThat(shopper.get("/cart").json().get("holdExpiresAt").isNull()).isTrue();
    }

    @Test
    void aCartHoldsAtMostMaxUnits() {
        long first = shirt(admin, tag + "-1");
        long second = shirt(admin, tag + "-2");
        stock(admin, first, 50, 50);
        stock(admin, second, 50, 50);
        Shopper shopper = shopper();
        assertThat(add(shopper, first, "M", 10).status()).isEqualTo(200);
        assertThat(add(shopper, first, "S", 10).status()).isEqualTo(200);
        Shopper.Answer over = add(shopper, second, "M", 1);
        assertThat(over.status()).isEqualTo(409);
        assertThat(over.json().get("limit").asString()).isEqualTo("shop.cart.max-units");
        assertThat(available(anyone, second, "M")).isEqualTo(50);
        // Lowering a line is always allowed.
        assertThat(add(shopper, first, "S", 9).status()).isEqualTo(200);
    }

    @Test
    void concurrentCartsFromOneAddressCannotPassTheLimitTogether() throws Exception {
        long id = stockedShirt(admin, tag, 0, 50);
        String address = "10.78." + (int) (Math.random() * 250) + ".1";
        List<Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            shoppers.add(new Shopper(HTTP, port).with("X-Forwarded-For", address));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Shopper.Answer> answers;
        ExecutorService pool = Executors.newFixedThreadPool(shoppers.size());
        try {
            List<Future<Shopper.Answer>> pending = new ArrayList<>();
            for (Shopper each : shoppers) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return add(each, id, "M", 1);
                }));
            }
            start.countDown();
            answers = new ArrayList<>();
            for (Future<Shopper.Answer> answer : pending) {
                answers.add(answer.get(30, TimeUnit.SECONDS));
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(answers).filteredOn(answer -> answer.status() == 200).hasSize(10);
        assertThat(answers).filteredOn(answer -> answer.status() != 200)
            .allSatisfy(answer -> {
                assertThat(answer.status()).as(answer.body()).isEqualTo(409);
                assertThat(answer.json().get("limit").asString()).isEqualTo("shop.cart.max-holding-carts-per-address");
            });
        assertThat(available(anyone, id, "M")).isEqualTo(40);
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        long id = stockedShirt(admin, tag, 0, 50);
        String network = "2001:db8:" + Integer.toHexString((int) (Math.random() * 0xffff)) + ":"
                + Integer.toHexString((int) (Math.random() * 0xffff));
        for (int i = 1; i <= 10; i++) {
            Shopper each = new Shopper(HTTP, port).with("X-Forwarded-For", network + "::" + Integer.toHexString(i));
            assertThat(add(each, id, "M", 1).status()).isEqualTo(200);
        }
        // Another address of the same /64 is the same client; the next /64 is another.
        Shopper.Answer refused = add(new Shopper(HTTP, port).with("X-Forwarded-For", network + ":1:2:3:4"), id, "M", 1);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("limit").asString()).isEqualTo("shop.cart.max-holding-carts-per-address");
        String next = "2001:db9:" + network.substring("2001:db8:".length());
        assertThat(add(new Shopper(HTTP, port).with("X-Forwarded-For", next + "::1"), id, "M", 1).status()).isEqualTo(200);
        assertThat(available(anyone, id, "M")).isEqualTo(39);
    }

    @Test
    void oneAddressHoldsAtMostMaxHoldingCarts() {
        long id = stockedShirt(admin, tag, 50, 50);
        String address = "10.77." + (int) (Math.random() * 250) + ".1";
        for (int i = 0; i < 10; i++) {
            assertThat(add(new Shopper(HTTP, port).with("X-Forwarded-For", address), id, "M", 1).status()).isEqualTo(200);
        }
        Shopper eleventh = new Shopper(HTTP, port).with("X-Forwarded-For", address);
        Shopper.Answer refused = add(eleventh, id, "M", 1);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("limit").asString()).isEqualTo("shop.cart.max-holding-carts-per-address");
        assertThat(available(anyone, id, "M")).isEqualTo(40);
        assertThat(add(shopper(), id, "M", 1).status()).isEqualTo(200);
    }

    @Test
    void anExpiredHoldIsReleasedAndHeldAgainIfTheUnitsAreStillThere() {
        long id = stockedShirt(admin, tag, 0, 3);
        Shopper slow = shopper();
        assertThat(add(slow, id, "M", 2).status()).isEqualTo(200);
        assertThat(available(anyone, id, "M")).isEqualTo(1);

        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(10)).until(() -> available(anyone, id, "M") == 3);
        var cart = slow.get("/cart").json();
        assertThat(cart.get("items").get(0).get("held").asBoolean()).isFalse();
        assertThat(cart.get("holdExpiresAt").isNull()).isTrue();

        // Still there: the checkout holds them again and buys them.
        Shopper.Answer order = checkout(slow);
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        assertThat(available(anyone, id, "M")).isEqualTo(1);
    }

    @Test
    void aCheckoutAfterTheUnitsWereTakenListsTheLostLines() {
        long id = stockedShirt(admin, tag, 0, 1);
        Shopper slow = shopper();
        add(slow, id, "M", 1);
        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(10)).until(() -> available(anyone, id, "M") == 1);
        assertThat(add(shopper(), id, "M", 1).status()).isEqualTo(200);

        Shopper.Answer lost = checkout(slow);
        assertThat(lost.status()).isEqualTo(409);
        assertThat(lost.json().get("lines").get(0).get("shirtId").asLong()).isEqualTo(id);
        assertThat(lost.json().get("lines").get(0).get("size").asString()).isEqualTo("M");
        assertThat(slow.get("/cart").json().get("items")).hasSize(1);
        assertThat(available(anyone, id, "M")).isZero();
    }

    /** How many carts the database keeps for {@code address}, and whether it keeps the address's row. */
    long carts(String address) {
        return jdbc.sql("SELECT COUNT(*) FROM cart WHERE address = :a").param("a", address).query(Long.class).single()
                + jdbc.sql("SELECT COUNT(*) FROM cart_address WHERE address = :a").param("a", address).query(Long.class).single();
    }

    static String address(String prefix) {
        return prefix + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    @Test
    void aRefusedAddLeavesNoCartBehind() {
        long id = stockedShirt(admin, tag, 0, 10);
        String address = address("10.81.");
        Shopper.Answer soldOut = add(new Shopper(HTTP, port).with("X-Forwarded-For", address), id, "S", 1);
        assertThat(soldOut.status()).isEqualTo(409);
        assertThat(carts(address)).isZero();

        String crowded = address("10.82.");
        for (int i = 0; i < 10; i++) {
            assertThat(add(new Shopper(HTTP, port).with("X-Forwarded-For", crowded), id, "M", 1).status()).isEqualTo(200);
        }
        Shopper.Answer limited = add(new Shopper(HTTP, port).with("X-Forwarded-For", crowded), id, "M", 1);
        assertThat(limited.status()).isEqualTo(409);
        assertThat(limited.json().get("limit").asString()).isEqualTo("shop.cart.max-holding-carts-per-address");
        // The ten carts that hold, and the address's row; none for the refused one.
        assertThat(carts(crowded)).isEqualTo(11);
    }

    @Test
    void cartsThatHoldNothingAreDeletedAndTheirOrdersStay() {
        long id = stockedShirt(admin, tag, 5, 5);
        String emptied = address("10.83.");
        Shopper removing = new Shopper(HTTP, port).with("X-Forwarded-For", emptied);
        assertThat(add(removing, id, "M", 1).status()).isEqualTo(200);
        assertThat(carts(emptied)).isEqualTo(2);
        assertThat(add(removing, id, "M", 0).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> carts(emptied) == 0);
        // The session's cart is made again with its next add.
        assertThat(add(removing, id, "S", 2).status()).isEqualTo(200);
        assertThat(removing.get("/cart").json().get("items")).hasSize(1);
        assertThat(available(anyone, id, "S")).isEqualTo(3);

        String buying = address("10.84.");
        Shopper buyer = new Shopper(HTTP, port).with("X-Forwarded-For", buying);
        assertThat(add(buyer, id, "M", 1).status()).isEqualTo(200);
        String body = "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"address\":\"12 St James's Square, London\"}";
        Shopper.Answer order = buyer.post("/orders", body, java.util.Map.of("Idempotency-Key", "k-" + tag));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> carts(buying) == 0);
        assertThat(buyer.get("/orders/" + order.json().get("id").asString()).status()).isEqualTo(200);
        // A retry of the checkout still answers its order, though the cart is gone.
        Shopper.Answer retry = buyer.post("/orders", body, java.util.Map.of("Idempotency-Key", "k-" + tag));
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().get("id").asString()).isEqualTo(order.json().get("id").asString());
        assertThat(available(anyone, id, "M")).isEqualTo(4);
    }

    @Test
    void aCartWhoseHoldWasReleasedIsDeletedAfterKeepUnheld() {
        long id = stockedShirt(admin, tag, 5, 5);
        String address = address("10.85.");
        Shopper away = new Shopper(HTTP, port).with("X-Forwarded-For", address);
        assertThat(add(away, id, "M", 2).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(10)).until(() -> available(anyone, id, "M") == 5);
        // Released but kept: the shopper still sees the line, and can buy it while the units are there.
        assertThat(away.get("/cart").json().get("items")).hasSize(1);
        assertThat(carts(address)).isEqualTo(2);

        clock.advance(Duration.ofHours(24));
        await().atMost(Duration.ofSeconds(10)).until(() -> carts(address) == 0);
        assertThat(away.get("/cart").json().get("items")).isEmpty();
        assertThat(available(anyone, id, "M")).isEqualTo(5);
    }

    @Test
    void oneAddressStartsAtMostItsBudgetOfSessionsAMinute() {
        long id = stockedShirt(admin, tag, 0, 10);
        int budget = properties.maxNewSessionsPerAddressPerMinute();
        String address = address("10.86.");
        Shopper keeper = new Shopper(HTTP, port).with("X-Forwarded-For", address);
        assertThat(add(keeper, id, "M", 1).status()).isEqualTo(200);
        for (int i = 1; i < budget; i++) {
            // Sold out, but the session was made: it counts.
            assertThat(add(new Shopper(HTTP, port).with("X-Forwarded-For", address), id, "S", 1).status()).isEqualTo(409);
        }
        Shopper latecomer = new Shopper(HTTP, port).with("X-Forwarded-For", address);
        Shopper.Answer refused = add(latecomer, id, "M", 1);
        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.json().get("limit").asString()).isEqualTo("shop.cart.max-new-sessions-per-address-per-minute");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(latecomer.cookie("JSESSIONID")).isNull();
        assertThat(available(anyone, id, "M")).isEqualTo(9);
        // Where Spring Security would make the session (to come back after the login), the same.
        Shopper.Answer toLogin = latecomer.send("GET", "/admin", null, java.util.Map.of("Accept", "text/html"));
        assertThat(toLogin.status()).isEqualTo(429);
        assertThat(toLogin.header("Retry-After")).isNotNull();

        // A session already made goes on; another address has a budget of its own.
        assertThat(add(keeper, id, "M", 2).status()).isEqualTo(200);
        assertThat(add(shopper(), id, "M", 1).status()).isEqualTo(200);
        assertThat(available(anyone, id, "M")).isEqualTo(7);
    }

}
