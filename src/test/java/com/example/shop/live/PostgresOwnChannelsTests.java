package com.example.shop.live;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.shop.PostgresDatabase;
import com.example.shop.ShopApplication;
import com.example.shop.Shopper;
import com.example.shop.ordering.OrderEvents;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.checkout;
import static com.example.shop.SalesFixture.shirt;
import static com.example.shop.SalesFixture.stock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two shops on one PostgreSQL database, as behind a load balancer: one shopper's cookie works on
 * both (the session is in the database), a cart changed through shop A reaches the shopper's tab
 * on shop B, and an order's status changed through A reaches the shopper's connection on B. The
 * feeds poll once a minute, so what arrives within the waits was brought by a notification.
 */
@ExtendWith(PostgresDatabase.Required.class)
class PostgresOwnChannelsTests {

    static final String PASSWORD = "postgres-own-channels-password";

    static final HttpClient HTTP = Shopper.client();

    static PostgresDatabase database;

    static ConfigurableApplicationContext first;

    static ConfigurableApplicationContext second;

    @BeforeAll
    static void startShops() {
        database = PostgresDatabase.fromEnvironment().withNewSchema("own");
        first = start("own-1");
        second = start("own-2");
    }

    @AfterAll
    static void stopShops() {
        for (ConfigurableApplicationContext shop : new ConfigurableApplicationContext[] { first, second }) {
            if (shop != null) {
                shop.close();
            }
        }
        if (database != null) {
            database.dropSchema();
        }
    }

    static ConfigurableApplicationContext start(String name) {
        return new SpringApplicationBuilder(ShopApplication.class).run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.application.name=" + name, "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(), "--shop.admin.password=" + PASSWORD,
                "--shop.live.poll-interval=1m", "--spring.datasource.hikari.maximum-pool-size=5",
                "--spring.datasource.hikari.minimum-idle=1");
    }

    static int port(ConfigurableApplicationContext shop) {
        return Integer.parseInt(shop.getEnvironment().getRequiredProperty("local.server.port"));
    }

    static Shopper admin(ConfigurableApplicationContext shop) {
        String credentials = java.util.Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Shopper(HTTP, port(shop)).with("Authorization", "Basic " + credentials);
    }

    /** The same shopper (the same cookies) on another shop. */
    static Shopper sameShopperOn(ConfigurableApplicationContext shop, Shopper shopper) {
        Shopper there = new Shopper(HTTP, port(shop));
        there.send("GET", "/cart", null, Map.of("Cookie", "JSESSIONID=" + shopper.cookie("JSESSIONID")));
        return there;
    }

    @Test
    void aShoppersCookieWorksOnEveryShop() {
        Shopper admin = admin(first);
        long id = shirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8));
        stock(admin, id, 5, 5);
        Shopper onFirst = new Shopper(HTTP, port(first));
        assertThat(add(onFirst, id, "M", 2).status()).isEqualTo(200);

        Shopper.Answer onSecond = new Shopper(HTTP, port(second)).send("GET", "/cart", null,
                Map.of("Cookie", "JSESSIONID=" + onFirst.cookie("JSESSIONID")));
        assertThat(onSecond.status()).isEqualTo(200);
        assertThat(onSecond.json().get("items").get(0).get("shirtId").asLong()).isEqualTo(id);
        assertThat(onSecond.json().get("items").get(0).get("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void aCartChangeAndAStatusChangeThroughOneShopReachTheShoppersConnectionOnTheOther() throws Exception {
        Shopper admin = admin(first);
        long id = shirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8));
        stock(admin, id, 50, 50);
        Shopper onFirst = new Shopper(HTTP, port(first));
        assertThat(add(onFirst, id, "M", 1).status()).isEqualTo(200);
        String cookie = "JSESSIONID=" + onFirst.cookie("JSESSIONID");
        String epoch = first.getBean(OrderEvents.class).epoch();

        try (SessionStompClient tabOnSecond = SessionStompClient.connect(port(second), cookie);
                SessionStompClient ordersOnSecond = SessionStompClient.connect(port(second), cookie)) {
            tabOnSecond.subscribe("cart", "/user/queue/cart");
            assertThat(StompUserChannelsTests.messages(tabOnSecond, 1).get(0).json().get("cart").get("items").get(0)
                .get("quantity").asInt()).isEqualTo(1);
            ordersOnSecond.subscribe("orders", "/user/queue/orders", "after:0", "epoch:" + epoch, "receipt:in-place");
            assertThat(ordersOnSecond.next().command()).isEqualTo("RECEIPT");

            // The cart, changed through the first shop, on the tab of the second.
            assertThat(add(onFirst, id, "M", 4).status()).isEqualTo(200);
            assertThat(StompUserChannelsTests.messages(tabOnSecond, 1).get(0).json().get("cart").get("items").get(0)
                .get("quantity").asInt()).isEqualTo(4);

            // Orders placed and changed through the first shop, on the connection of the second. The
            // admin logged in once (a session, not a password check per request); for each change,
            // its arrival after the request was sent and after its answer came (the commit is in
            // between), printed: on a shared two-core machine a bound would measure the neighbours.
            Shopper adminSession = new Shopper(HTTP, port(first));
            StompUserChannelsTests.logIn(adminSession, PASSWORD);
            List<Long> sinceSent = new ArrayList<>();
            List<Long> sinceAnswer = new ArrayList<>();
            long seq = 0;
            for (int order = 0; order < 5; order++) {
                if (order > 0) {
                    assertThat(add(onFirst, id, "M", 1).status()).isEqualTo(200);
                }
                String orderId = checkout(onFirst).json().get("id").asString();
                assertThat(StompUserChannelsTests.messages(ordersOnSecond, 1).get(0).json().get("seq").asLong()).isEqualTo(++seq);
                for (String status : List.of("PAID", "SHIPPED")) {
                    long sent = System.nanoTime();
                    assertThat(adminSession.patch("/orders/" + orderId, "{\"status\":\"" + status + "\"}", Map.of()).status()).isEqualTo(200);
                    long answered = System.nanoTime();
                    var message = StompUserChannelsTests.messages(ordersOnSecond, 1).get(0).json();
                    long arrived = System.nanoTime();
                    sinceSent.add(Duration.ofNanos(arrived - sent).toMillis());
                    sinceAnswer.add(Duration.ofNanos(arrived - answered).toMillis());
                    assertThat(message.get("seq").asLong()).isEqualTo(++seq);
                    assertThat(message.get("order").get("status").asString()).isEqualTo(status);
                }
            }
            sinceSent.sort(null);
            sinceAnswer.sort(null);
            System.out.println("Status change through shop 1 to the shopper's connection on shop 2, ms after the request was sent: "
                    + sinceSent + "; after its answer: " + sinceAnswer);
        }
    }

}
