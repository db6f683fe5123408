package com.example.shop.live;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import com.example.shop.PostgresDatabase;
import com.example.shop.ShopApplication;
import com.example.shop.Shopper;
import com.example.shop.ordering.OrderChanged;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipal;
import com.example.shop.ordering.OrderEvents;

import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.checkout;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
                "--shop.live.poll-interval=1m", "--shop.live.session-check=1s", "--spring.datasource.hikari.maximum-pool-size=5",
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
        long id = stockedShirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8), 5, 5);
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
        long id = stockedShirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8), 50, 50);
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
        long id = stockedShirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8), 10, 10);
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

    @Test
    void theSessionCheckAsksAboutTwoHundredSessionsAtOnceAndClosesExactlyThoseThatEnded() {
        JdbcIndexedSessionRepository sessions = first.getBean(JdbcIndexedSessionRepository.class);
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        SessionStore store = first.getBean(SessionStore.class);
        assertThat(store).isInstanceOf(JdbcSessionStore.class);
        LiveHub hub = new LiveHub(List.of(), first.getBean(JsonMapper.class), Duration.ofHours(1), Clock.systemUTC());
        Map<String, AtomicInteger> closed = new HashMap<>();
        List<String> ids = new ArrayList<>();
        long longAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        for (int i = 0; i < 200; i++) {
            var session = sessions.createSession();
            sessions.save(session);
            String id = ((Session) session).getId();
            ids.add(id);
            AtomicInteger times = new AtomicInteger();
            closed.put(id, times);
            // Every other one heard from just now: renewed; the others not.
            hub.opened(new LivePrincipal("s" + i, false, id), times::incrementAndGet,
                    i % 2 == 0 ? System::nanoTime : () -> System.nanoTime() - Duration.ofHours(1).toNanos());
        }
        jdbc.update("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = ?, EXPIRY_TIME = ? + CAST(MAX_INACTIVE_INTERVAL AS BIGINT) * 1000",
                longAgo, longAgo);
        List<String> ended = List.of(ids.get(2), ids.get(51), ids.get(198), ids.get(120));
        ended.subList(0, 3).forEach(id -> jdbc.update("DELETE FROM SPRING_SESSION WHERE SESSION_ID = ?", id));
        long expiredAt = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        jdbc.update("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = ?, EXPIRY_TIME = ? + CAST(MAX_INACTIVE_INTERVAL AS BIGINT) * 1000"
                + " WHERE SESSION_ID = ?", expiredAt, expiredAt, ended.get(3));

        long checkedAt = System.currentTimeMillis();
        assertThat(LiveSessionCheck.check(hub, store, System.nanoTime() - Duration.ofSeconds(1).toNanos())).isEqualTo(4);

        closed.forEach((id, times) -> assertThat(times.get()).as(id).isEqualTo(ended.contains(id) ? 1 : 0));
        for (int i = 0; i < 200; i++) {
            String id = ids.get(i);
            if (!ended.contains(id)) {
                Long lastAccess = jdbc.queryForObject("SELECT LAST_ACCESS_TIME FROM SPRING_SESSION WHERE SESSION_ID = ?", Long.class, id);
                if (i % 2 == 0) {
                    assertThat(lastAccess).as("renewed " + id).isGreaterThanOrEqualTo(checkedAt);
                }
                else {
                    assertThat(lastAccess).as("not heard from " + id).isEqualTo(longAgo);
                }
            }
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION WHERE SESSION_ID IN (?, ?, ?)", Integer.class,
                ended.get(0), ended.get(1), ended.get(2))).isZero();
        assertThat(jdbc.queryForObject("SELECT EXPIRY_TIME FROM SPRING_SESSION WHERE SESSION_ID = ?", Long.class, ended.get(3)))
            .isLessThan(checkedAt);
    }

    @Test
    void aTabHeardFromOnOneShopKeepsTheSessionTheShopsShareAlive() throws Exception {
        Shopper admin = admin(first);
        long id = stockedShirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8), 5, 5);
        Shopper onFirst = new Shopper(HTTP, port(first));
        assertThat(add(onFirst, id, "M", 1).status()).isEqualTo(200);
        String sessionId = new String(Base64.getDecoder().decode(onFirst.cookie("JSESSIONID")), StandardCharsets.UTF_8);
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        ScheduledExecutorService heartBeats = Executors.newSingleThreadScheduledExecutor();
        try (SessionStompClient tabOnSecond = SessionStompClient.connect(port(second), "JSESSIONID=" + onFirst.cookie("JSESSIONID"))) {
            tabOnSecond.subscribe("cart", "/user/queue/cart");
            assertThat(StompUserChannelsTests.messages(tabOnSecond, 1)).hasSize(1);
            heartBeats.scheduleAtFixedRate(() -> tabOnSecond.send("\n"), 0, 250, TimeUnit.MILLISECONDS);
            // As if its last request was ten minutes ago: the second shop's check renews it.
            long longAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
            jdbc.update("UPDATE SPRING_SESSION SET LAST_ACCESS_TIME = ?, EXPIRY_TIME = ? + CAST(MAX_INACTIVE_INTERVAL AS BIGINT) * 1000"
                    + " WHERE SESSION_ID = ?", longAgo, longAgo, sessionId);
            long renewedAfter = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT LAST_ACCESS_TIME FROM SPRING_SESSION WHERE SESSION_ID = ?", Long.class, sessionId) >= renewedAfter);
            assertThat(tabOnSecond.closed()).isNotDone();
        }
        finally {
            heartBeats.shutdownNow();
        }
    }

}
