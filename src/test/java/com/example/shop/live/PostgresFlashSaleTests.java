package com.example.shop.live;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.example.shop.PostgresDatabase;
import com.example.shop.SalesFixture;
import com.example.shop.ShopApplication;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;
import com.example.shop.inventory.FlashSale;

import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.available;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two shops on one PostgreSQL database sell the same stock: 200 shoppers, each a session of its
 * own, spread over both, race for the 10 units of one size. Exactly 10 get one, and every
 * availability subscriber of both shops, STOMP and SSE, ends on 0. A hold made through one shop
 * reaches the other shop's subscribers within the availability interval (plus a little).
 */
@ExtendWith(PostgresDatabase.Required.class)
class PostgresFlashSaleTests {

    static final HttpClient HTTP = Shopper.client();

    static final Duration WAIT = Duration.ofSeconds(30);

    static PostgresDatabase database;

    static final List<ConfigurableApplicationContext> shops = new ArrayList<>();

    static final List<Integer> ports = new ArrayList<>();

    @BeforeAll
    static void startShops() {
        database = PostgresDatabase.fromEnvironment().withNewSchema("sale");
        for (String name : List.of("sale-1", "sale-2")) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class).run(
                    "--server.port=0", "--spring.main.banner-mode=off", "--spring.application.name=" + name,
                    "--spring.profiles.active=postgres", "--spring.datasource.url=" + database.url(),
                    "--spring.datasource.username=" + database.username(),
                    "--spring.datasource.password=" + database.password(), "--shop.admin.password=" + ShopTest.PASSWORD,
                    // Shoppers come through a proxy here, each from an address of its own.
                    "--shop.web.trusted-proxies=127.0.0.1, ::1",
                    // Few connections: the server's are shared with every other test and build on it.
                    "--spring.datasource.hikari.maximum-pool-size=8", "--spring.datasource.hikari.minimum-idle=1",
                    "--spring.datasource.hikari.connection-timeout=20000");
            shops.add(context);
            ports.add(Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port")));
        }
    }

    @AfterAll
    static void stopShops() {
        shops.forEach(ConfigurableApplicationContext::close);
        if (database != null) {
            database.dropSchema();
        }
    }

    @Test
    void twoHundredShoppersOnTwoShopsRaceForTenUnitsAndExactlyTenGetOne() throws Exception {
        JsonMapper json = shops.get(0).getBean(JsonMapper.class);
        Shopper admin = SalesFixture.admin(HTTP, ports.get(0));
        long id = stockedShirt(admin, "pg-race", 10, 10);

        List<StompTestClient> stomps = new ArrayList<>();
        List<EventStreamClient> streams = new ArrayList<>();
        List<AvailabilityFollower> followers = new ArrayList<>();
        List<StompTestClient.Subscription> subscriptions = new ArrayList<>();
        try {
            for (int port : ports) {
                StompTestClient stomp = StompTestClient.connect(port);
                stomps.add(stomp);
                subscriptions.add(stomp.subscribeConfirmed("/topic/availability"));
                streams.add(new EventStreamClient(port, "/availability/stream", null));
            }
            for (int i = 0; i < 4; i++) {
                followers.add(new AvailabilityFollower());
            }
            Runnable drain = () -> {
                for (int i = 0; i < 2; i++) {
                    StompTestClient.Frame frame;
                    while ((frame = subscriptions.get(i).messages().poll()) != null) {
                        followers.get(i).apply(json.readTree(frame.body()));
                    }
                    EventStreamClient.Event event;
                    while ((event = streams.get(i).events().poll()) != null) {
                        followers.get(2 + i).apply(json.readTree(event.data()));
                    }
                }
            };
            await().atMost(WAIT).untilAsserted(() -> {
                drain.run();
                followers.forEach(follower -> assertThat(follower.units(id, "M")).isEqualTo(10));
            });

            Map<Integer, Integer> statuses = FlashSale.race(HTTP, 200, i -> ports.get(i % 2), id, "M");

            assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(200, 10, 409, 190));
            for (int port : ports) {
                assertThat(available(new Shopper(HTTP, port), id, "M")).isZero();
            }
            JdbcTemplate jdbc = shops.get(0).getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT held FROM stock WHERE shirt_id = ? AND size = 'M'", Integer.class, id)).isEqualTo(10);
            await().atMost(WAIT).untilAsserted(() -> {
                drain.run();
                followers.forEach(follower -> assertThat(follower.units(id, "M")).isZero());
            });
        }
        finally {
            stomps.forEach(StompTestClient::close);
            streams.forEach(EventStreamClient::close);
        }
    }

    @Test
    void anOrderPlacedThroughOneShopIsManagedThroughTheOtherAndCancellingRestocks() {
        Shopper admin = SalesFixture.admin(HTTP, ports.get(1));
        long id = stockedShirt(admin, "pg-order", 5, 5);
        Shopper shopper = new Shopper(HTTP, ports.get(0)).with("X-Forwarded-For", "10.6.1.1");
        assertThat(add(shopper, id, "M", 3).status()).isEqualTo(200);
        assertThat(shopper.get("/cart").json().get("holdExpiresAt").asString()).isNotBlank();
        Shopper.Answer placed = shopper.post("/orders", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"address\":\"London\"}",
                Map.of("Idempotency-Key", "pg-1"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        Shopper.Answer replayed = shopper.post("/orders", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"address\":\"London\"}",
                Map.of("Idempotency-Key", "pg-1"));
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        String orderId = placed.json().get("id").asString();
        assertThat(shopper.get("/orders").json().get("orders").findValuesAsString("id")).containsExactly(orderId);
        assertThat(available(new Shopper(HTTP, ports.get(1)), id, "M")).isEqualTo(2);

        assertThat(admin.get("/orders?status=PLACED&size=5").json().get("orders").findValuesAsString("id")).contains(orderId);
        assertThat(admin.patch("/orders/" + orderId, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);
        assertThat(admin.patch("/orders/" + orderId, "{\"status\":\"CANCELLED\"}", Map.of()).status()).isEqualTo(200);
        assertThat(available(new Shopper(HTTP, ports.get(0)), id, "M")).isEqualTo(5);
        assertThat(admin.get("/shirts/" + id + "/stock").json().get("M").get("stock").asInt()).isEqualTo(5);
    }

    @Test
    void aHoldThroughOneShopReachesTheOtherShopsSubscribersWithinTheInterval() throws Exception {
        JsonMapper json = shops.get(0).getBean(JsonMapper.class);
        Shopper admin = SalesFixture.admin(HTTP, ports.get(0));
        long id = stockedShirt(admin, "pg-latency", 50, 50);
        List<Long> millis = new ArrayList<>();
        try (StompTestClient stomp = StompTestClient.connect(ports.get(1))) {
            var subscription = stomp.subscribeConfirmed("/topic/availability");
            AvailabilityFollower follower = new AvailabilityFollower();
            await().atMost(WAIT).until(() -> {
                StompTestClient.Frame frame;
                while ((frame = subscription.messages().poll()) != null) {
                    follower.apply(json.readTree(frame.body()));
                }
                return follower.units(id, "M") == 50;
            });
            Shopper shopper = new Shopper(HTTP, ports.get(0)).with("X-Forwarded-For", "10.6.0.1");
            for (int quantity = 1; quantity <= 9; quantity++) {
                long start = System.nanoTime();
                assertThat(add(shopper, id, "M", quantity).status()).isEqualTo(200);
                int expected = 50 - quantity;
                while (follower.units(id, "M") != expected) {
                    follower.apply(json.readTree(subscription.next().body()));
                }
                millis.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        System.out.println("Hold through one shop to a subscriber of the other, ms: " + millis + ", median " + median);
        // shop.live.availability-interval (200 ms) plus 100 ms.
        assertThat(median).isLessThanOrEqualTo(300);
    }

}
