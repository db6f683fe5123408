package com.example.shop.live;

import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.SalesFixture;
import com.example.shop.Shopper;
import com.example.shop.TestClock;
import com.example.shop.ordering.OrderChanged;
import com.example.shop.ordering.OrderEvents;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.checkout;
import static com.example.shop.SalesFixture.shirt;
import static com.example.shop.SalesFixture.shopperFrom;
import static com.example.shop.SalesFixture.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A shopper's own channels end to end: real sessions (cookies from the real API), real
 * WebSockets, real STOMP frames. Each connection is its session's: it gets its own orders and cart
 * and nothing of anyone else's, every other spelling of someone's channel is refused, and a
 * connection whose session ended is closed.
 */
@LiveShop
class StompUserChannelsTests {

    static final HttpClient HTTP = Shopper.client();

    /** Long enough to show that nothing more comes, on a busy machine. */
    static final Duration QUIET = Duration.ofMillis(500);

    @LocalServerPort
    int port;

    @Autowired
    OrderEvents events;

    @Autowired
    TestClock clock;

    Shopper admin;

    long shirtId;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void aShirtInStock() {
        admin = SalesFixture.admin(HTTP, port);
        shirtId = shirt(admin, tag);
        stock(admin, shirtId, 100, 100);
    }

    /** A shopper with a cart holding one shirt, and so a session whose principal is that cart. */
    Shopper shopperWithCart(String prefix) {
        Shopper shopper = shopperFrom(HTTP, port, prefix);
        assertThat(add(shopper, shirtId, "M", 1).status()).isEqualTo(200);
        return shopper;
    }

    String placeOrder(Shopper shopper) {
        Shopper.Answer placed = checkout(shopper);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().get("id").asString();
    }

    String ownerOf(String orderId) {
        return events.after(0, Integer.MAX_VALUE).stream().filter(change -> change.order().id().equals(orderId))
            .findFirst().orElseThrow().owner();
    }

    SessionStompClient connect(Shopper shopper) throws InterruptedException {
        return SessionStompClient.connect(port, shopper);
    }

    static SessionStompClient.Frame subscribed(SessionStompClient client, String destination, String... headers)
            throws InterruptedException {
        String[] all = new String[headers.length + 1];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "receipt:r-" + destination;
        client.subscribe("s-" + UUID.randomUUID(), destination, all);
        return client.next();
    }

    @Test
    void everySpellingOfAnotherShoppersChannelIsRefusedWithAnErrorFrameAndNothingElse() throws Exception {
        Shopper ada = shopperWithCart("10.51.");
        Shopper bob = shopperWithCart("10.52.");
        String bobsOrder = placeOrder(bob);
        String bobId = ownerOf(bobsOrder);
        List<String> spellings = List.of("/user/" + bobId + "/queue/orders", "/user/" + bobId + "/queue/cart",
                "/queue/orders-user" + bobId, "/queue/orders", "/queue/cart", "/user/queue/orders/" + bobId,
                "/user/queue/../" + bobId + "/queue/orders", "/user//queue/orders", "/user/queue/orders-user" + bobId,
                "/topic/orders", "/topic/orders/" + bobId, "/topic/cart", "/user/queue/*", "/user/**", "/topic/*");
        for (String destination : spellings) {
            try (SessionStompClient client = connect(ada)) {
                SessionStompClient.Frame answer = subscribed(client, destination);
                assertThat(answer.command()).as(destination).isEqualTo("ERROR");
                assertThat(answer.header("message")).as(destination).isNotBlank();
                // It may echo the destination the client sent, never anything the client did not know.
                assertThat(answer.body()).doesNotContain(bobsOrder, "Exception", "\tat ");
                assertThat(answer.header("message")).doesNotContain(bobsOrder);
                // STOMP: the connection is closed after an ERROR frame, and nothing else came.
                assertThat(client.closed().get(SessionStompClient.WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
                assertThat(client.drain()).as(destination).noneMatch(frame -> frame.command().equals("MESSAGE"));
            }
        }
        // Bob's order changes; Ada, refused above, received nothing of it anywhere.
        assertThat(admin.patch("/orders/" + bobsOrder, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void anonymousConnectionsAreRefusedTheAdminsAndTheShoppersChannels() throws Exception {
        for (String destination : List.of("/topic/orders", "/user/queue/orders", "/user/queue/cart")) {
            try (SessionStompClient anonymous = SessionStompClient.connect(port, (String) null)) {
                SessionStompClient.Frame answer = subscribed(anonymous, destination);
                assertThat(answer.command()).as(destination).isEqualTo("ERROR");
            }
        }
        // A shopper is refused the admin's channel.
        try (SessionStompClient shopper = connect(shopperWithCart("10.53."))) {
            assertThat(subscribed(shopper, "/topic/orders").command()).isEqualTo("ERROR");
        }
    }

    @Test
    void eachShopperReceivesTheirOwnOrderEventsByTheirOwnSeqAndResumesAfterOne() throws Exception {
        Shopper ada = shopperWithCart("10.54.");
        Shopper bob = shopperWithCart("10.55.");
        String adasOrder = placeOrder(ada);
        String bobsOrder = placeOrder(bob);
        try (SessionStompClient adaTab = connect(ada); SessionStompClient bobTab = connect(bob)) {
            // From the start: each one's own order placed, as their seq 1.
            // (The replay comes before the RECEIPT; messages() skips the RECEIPT.)
            adaTab.subscribe("orders", "/user/queue/orders", "after:0", "epoch:" + events.epoch(), "receipt:in-place");
            bobTab.subscribe("orders", "/user/queue/orders", "after:0", "epoch:" + events.epoch(), "receipt:in-place");
            admin.patch("/orders/" + adasOrder, "{\"status\":\"PAID\"}", Map.of());
            admin.patch("/orders/" + bobsOrder, "{\"status\":\"CANCELLED\"}", Map.of());
            admin.patch("/orders/" + adasOrder, "{\"status\":\"SHIPPED\"}", Map.of());

            List<SessionStompClient.Frame> adas = messages(adaTab, 3);
            List<SessionStompClient.Frame> bobs = messages(bobTab, 2);
            assertThat(adas).extracting(frame -> frame.json().get("seq").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(adas).extracting(frame -> frame.json().get("type").asString())
                .containsExactly(OrderChanged.PLACED, OrderChanged.STATUS, OrderChanged.STATUS);
            assertThat(adas).extracting(frame -> frame.json().get("order").get("status").asString())
                .containsExactly("PLACED", "PAID", "SHIPPED");
            assertThat(adas).allSatisfy(frame -> assertThat(frame.json().get("order").get("id").asString()).isEqualTo(adasOrder));
            assertThat(bobs).extracting(frame -> frame.json().get("seq").asLong()).containsExactly(1L, 2L);
            assertThat(bobs).allSatisfy(frame -> assertThat(frame.json().get("order").get("id").asString()).isEqualTo(bobsOrder));
            assertThat(adaTab.poll(QUIET)).isNull();
            assertThat(bobTab.poll(QUIET)).isNull();
        }
        // A new tab of Ada's, resuming after her seq 2: only her seq 3.
        try (SessionStompClient again = connect(ada)) {
            again.subscribe("again", "/user/queue/orders", "after:2", "epoch:" + events.epoch());
            List<SessionStompClient.Frame> replayed = messages(again, 1);
            assertThat(replayed.get(0).json().get("seq").asLong()).isEqualTo(3);
            assertThat(replayed.get(0).json().get("order").get("status").asString()).isEqualTo("SHIPPED");
            assertThat(again.poll(QUIET)).isNull();
        }
    }

    @Test
    void theAdminReceivesEveryOrderOnTopicOrders() throws Exception {
        Shopper adminSession = loggedInAdmin();
        long before = events.latestSeq();
        try (SessionStompClient page = connect(adminSession)) {
            assertThat(subscribed(page, "/topic/orders", "after:" + before, "epoch:" + events.epoch()).command()).isEqualTo("RECEIPT");
            String first = placeOrder(shopperWithCart("10.56."));
            String second = placeOrder(shopperWithCart("10.57."));
            admin.patch("/orders/" + first, "{\"status\":\"PAID\"}", Map.of());
            List<SessionStompClient.Frame> all = messages(page, 3);
            assertThat(all).extracting(frame -> frame.json().get("seq").asLong()).containsExactly(before + 1, before + 2, before + 3);
            assertThat(all).extracting(frame -> frame.json().get("order").get("id").asString()).containsExactly(first, second, first);
        }
    }

    @Test
    void resumingFromBeforeThePrunedOrderLogGetsOneReloadAtTheLatestSeqThenTheLiveEvents() throws Exception {
        Shopper adminSession = loggedInAdmin();
        Shopper ada = shopperWithCart("10.63.");
        long before = events.latestSeq();
        String adasOrder = placeOrder(ada);
        assertThat(admin.patch("/orders/" + adasOrder, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);
        placeOrder(shopperWithCart("10.64."));
        long latest = before + 3;
        // A week and a day later the order log keeps only its latest event, the other shopper's.
        clock.advance(Duration.ofDays(8));
        events.prune();

        try (SessionStompClient adasTab = connect(ada); SessionStompClient adminPage = connect(adminSession)) {
            // Ada applied her seq 1 before the pause; her seq 2 is no longer kept.
            adasTab.subscribe("orders", "/user/queue/orders", "after:1", "epoch:" + events.epoch());
            adminPage.subscribe("orders", "/topic/orders", "after:" + before, "epoch:" + events.epoch());
            SessionStompClient.Frame adasReload = messages(adasTab, 1).get(0);
            assertThat(adasReload.json().get("type").asString()).isEqualTo("orders.reload");
            assertThat(adasReload.json().get("seq").asLong()).isEqualTo(2);
            assertThat(adasReload.header("seq")).isEqualTo("2");
            assertThat(adasReload.header("epoch")).isEqualTo(events.epoch());
            SessionStompClient.Frame adminsReload = messages(adminPage, 1).get(0);
            assertThat(adminsReload.json().get("type").asString()).isEqualTo("orders.reload");
            assertThat(adminsReload.json().get("seq").asLong()).isEqualTo(latest);

            // The reload says: read the orders again, they are all there, then apply what follows.
            assertThat(ada.get("/orders/" + adasOrder).json().get("status").asString()).isEqualTo("PAID");
            assertThat(admin.patch("/orders/" + adasOrder, "{\"status\":\"SHIPPED\"}", Map.of()).status()).isEqualTo(200);
            SessionStompClient.Frame shipped = messages(adasTab, 1).get(0);
            assertThat(shipped.json().get("type").asString()).isEqualTo(OrderChanged.STATUS);
            assertThat(shipped.json().get("seq").asLong()).isEqualTo(3);
            assertThat(shipped.json().get("order").get("status").asString()).isEqualTo("SHIPPED");
            assertThat(messages(adminPage, 1).get(0).json().get("seq").asLong()).isEqualTo(latest + 1);
            assertThat(adasTab.poll(QUIET)).isNull();
        }
    }

    @Test
    void theCartChannelStartsWithTheCartAndFollowsEveryChangeOfThatShopperOnly() throws Exception {
        Shopper ada = shopperWithCart("10.58.");
        Shopper bob = shopperWithCart("10.59.");
        try (SessionStompClient adaTab = connect(ada); SessionStompClient bobTab = connect(bob)) {
            adaTab.subscribe("cart", "/user/queue/cart");
            bobTab.subscribe("cart", "/user/queue/cart");
            SessionStompClient.Frame now = messages(adaTab, 1).get(0);
            assertThat(now.json().get("type").asString()).isEqualTo("cart");
            assertThat(now.json().get("cart").get("items").get(0).get("quantity").asInt()).isEqualTo(1);
            messages(bobTab, 1);

            assertThat(add(ada, shirtId, "M", 3).status()).isEqualTo(200);
            SessionStompClient.Frame changed = messages(adaTab, 1).get(0);
            assertThat(changed.json().get("cart").get("items").get(0).get("quantity").asInt()).isEqualTo(3);
            checkout(ada);
            SessionStompClient.Frame empty = messages(adaTab, 1).get(0);
            assertThat(empty.json().get("cart").get("items")).isEmpty();
            assertThat(bobTab.poll(QUIET)).isNull();
        }
    }

    @Test
    void aConnectionWhoseSessionEndedIsClosed() throws Exception {
        Shopper ada = shopperWithCart("10.60.");
        try (SessionStompClient tab = connect(ada)) {
            assertThat(subscribed(tab, "/user/queue/cart").command()).isIn("RECEIPT", "MESSAGE");
            Shopper.Answer logout = ada.send("POST", "/logout", "", Map.of("Content-Type", "application/x-www-form-urlencoded"));
            assertThat(logout.status()).as(logout.body()).isIn(200, 204, 302);
            // shop.live.session-check is 1 s in the test profile.
            assertThat(tab.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aConnectionOpenedBeforeAnAdminLoginGainsNoAdminRightsAndIsClosed() throws Exception {
        Shopper shopper = shopperWithCart("10.61.");
        try (SessionStompClient before = connect(shopper)) {
            assertThat(subscribed(before, "/user/queue/cart").command()).isIn("RECEIPT", "MESSAGE");
            logIn(shopper);
            before.subscribe("orders", "/topic/orders", "receipt:r-orders");
            // Refused, or already closed as its session id is gone: never an order.
            await().atMost(Duration.ofSeconds(10)).until(() -> before.closed().isDone());
            assertThat(before.drain()).noneMatch(frame -> frame.command().equals("MESSAGE")
                    && frame.header("destination") != null && frame.header("destination").equals("/topic/orders"));
        }
        // Connected again, with the session as it is now: the admin's.
        try (SessionStompClient after = connect(shopper)) {
            assertThat(subscribed(after, "/topic/orders").command()).isEqualTo("RECEIPT");
        }
    }

    @Test
    void aCrossSiteWebSocketWithTheShoppersCookieIsRefused() {
        Shopper ada = shopperWithCart("10.62.");
        assertThatThrownBy(() -> SessionStompClient.handshake(port, "JSESSIONID=" + ada.cookie("JSESSIONID"), "https://evil.example").join())
            .isInstanceOf(CompletionException.class)
            .cause()
            .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                    ex -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
    }

    Shopper loggedInAdmin() {
        Shopper session = new Shopper(HTTP, port);
        logIn(session);
        return session;
    }

    static void logIn(Shopper session) {
        logIn(session, LiveShop.PASSWORD);
    }

    static void logIn(Shopper session, String password) {
        Shopper.Answer login = session.send("POST", "/login", "username=admin&password=" + password,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html"));
        assertThat(login.status()).as(login.body()).isEqualTo(302);
    }

    /** The next {@code count} MESSAGE frames (a RECEIPT on the way is skipped). */
    static List<SessionStompClient.Frame> messages(SessionStompClient client, int count) throws InterruptedException {
        List<SessionStompClient.Frame> messages = new java.util.ArrayList<>();
        while (messages.size() < count) {
            SessionStompClient.Frame frame = client.next();
            if (frame.command().equals("MESSAGE")) {
                messages.add(frame);
            }
            else if (!frame.command().equals("RECEIPT")) {
                throw new AssertionError("Expected a MESSAGE, got " + frame);
            }
        }
        return messages;
    }

}
