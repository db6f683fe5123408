package com.example.shop.live;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.shop.PostgresDatabase;
import com.example.shop.ShopApplication;
import com.example.shop.Shopper;
import com.example.shop.ordering.OrderChanged;
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
 * feeds poll once a minute, so what arrives within the waits was brought by a notification. Both
 * shops pruning the order log at once do it once, and a tab resuming from a pruned seq reloads.
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

    @Test
    void bothShopsPruningTheOrderLogAtOnceKeepTheLatestEventEveryShoppersSeqAndTheOrders() throws Exception {
        Shopper admin = admin(first);
        long id = shirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8));
        stock(admin, id, 10, 10);
        OrderEvents onFirst = first.getBean(OrderEvents.class);
        OrderEvents onSecond = second.getBean(OrderEvents.class);
        Shopper ada = new Shopper(HTTP, port(first));
        assertThat(add(ada, id, "M", 1).status()).isEqualTo(200);
        String adasOrder = checkout(ada).json().get("id").asString();
        assertThat(admin(second).patch("/orders/" + adasOrder, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);
        Shopper bob = new Shopper(HTTP, port(second));
        assertThat(add(bob, id, "M", 1).status()).isEqualTo(200);
        checkout(bob);
        long latest = onFirst.latestSeq();
        List<OrderChanged> logged = onFirst.after(0, Integer.MAX_VALUE);
        String adaId = logged.stream().filter(change -> change.order().id().equals(adasOrder)).findFirst().orElseThrow().owner();
        String adasOrderBefore = ada.get("/orders/" + adasOrder).body();

        // Every event so far is past its retention, for both shops at once.
        Instant retainedFrom = Instant.now().plusSeconds(60);
        CompletableFuture<Integer> prunedByFirst = CompletableFuture.supplyAsync(() -> onFirst.prune(retainedFrom));
        CompletableFuture<Integer> prunedBySecond = CompletableFuture.supplyAsync(() -> onSecond.prune(retainedFrom));
        assertThat(prunedByFirst.join() + prunedBySecond.join()).isEqualTo(logged.size() - 1);
        assertThat(onSecond.after(0, Integer.MAX_VALUE)).extracting(OrderChanged::seq).containsExactly(latest);
        assertThat(onSecond.latestSeqOf(adaId)).isEqualTo(2);
        assertThat(ada.get("/orders/" + adasOrder).body()).isEqualTo(adasOrderBefore);

        // Ada's tab on the second shop, resuming after her seq 1: told to reload at her seq 2; then
        // her order shipped through the first shop arrives as her seq 3.
        try (SessionStompClient tab = SessionStompClient.connect(port(second), "JSESSIONID=" + ada.cookie("JSESSIONID"))) {
            tab.subscribe("orders", "/user/queue/orders", "after:1", "epoch:" + onFirst.epoch());
            var reload = StompUserChannelsTests.messages(tab, 1).get(0).json();
            assertThat(reload.get("type").asString()).isEqualTo("orders.reload");
            assertThat(reload.get("seq").asLong()).isEqualTo(2);
            assertThat(admin.patch("/orders/" + adasOrder, "{\"status\":\"SHIPPED\"}", Map.of()).status()).isEqualTo(200);
            var shipped = StompUserChannelsTests.messages(tab, 1).get(0).json();
            assertThat(shipped.get("seq").asLong()).isEqualTo(3);
            assertThat(shipped.get("order").get("status").asString()).isEqualTo("SHIPPED");
        }
    }

}
