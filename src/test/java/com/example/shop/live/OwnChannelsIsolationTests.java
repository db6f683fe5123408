package com.example.shop.live;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import com.example.shop.SalesFixture;
import com.example.shop.Shopper;
import com.example.shop.cart.Carts;
import com.example.shop.ordering.Buyer;
import com.example.shop.ordering.Orders;

import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1,000 shoppers, each with an order and a connection subscribed to {@code /user/queue/orders},
 * while the admin changes every order's status at once from several threads: each connection
 * receives exactly its own two events (placed, then paid), by its own seq 1 and 2, and not one
 * of another shopper's.
 */
@LiveShop
class OwnChannelsIsolationTests {

    static final int SHOPPERS = 1_000;

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Autowired
    Carts carts;

    @Autowired
    Orders orders;

    record Tab(String orderId, SessionStompClient connection) {
    }

    @Test
    void eachOfAThousandConnectionsReceivesExactlyItsOwnEvents() throws Exception {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long shirtId = stockedShirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8), SHOPPERS, SHOPPERS);
        Shopper adminSession = new Shopper(HTTP, port);
        StompUserChannelsTests.logIn(adminSession);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Tab> tabs = new ArrayList<>();
        try {
            // The shoppers' sessions, carts and orders are made in the shop itself (the real session
            // store, the real services, the real database), which takes a fraction of the 3,000
            // requests it would take through the API; their connections and the status changes go
            // over the network. Each connects from an address of its own (as forwarded by the
            // test profile's trusted proxy), so the per-address connection limit does not apply.
            List<CompletableFuture<Tab>> opening = IntStream.range(0, SHOPPERS).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                String address = "10.70." + (i / 250) + "." + (i % 250 + 1);
                String cartId = UUID.randomUUID().toString();
                var session = sessions.createSession();
                ((Session) session).setAttribute(Carts.SESSION_ATTRIBUTE, cartId);
                sessions.save(session);
                String cookie = "JSESSIONID=" + Base64.getEncoder().encodeToString(
                        ((Session) session).getId().getBytes(StandardCharsets.UTF_8));
                carts.setLine(cartId, address, shirtId, "M", 1);
                String orderId = orders.place(cartId, new Buyer("Shopper " + i, "shopper" + i + "@example.com", "Street " + i),
                        null).order().id();
                try {
                    SessionStompClient connection = SessionStompClient.connect(port, cookie, address);
                    connection.subscribe("orders", "/user/queue/orders", "after:0");
                    return new Tab(orderId, connection);
                }
                catch (InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            }, pool)).toList();
            for (CompletableFuture<Tab> tab : opening) {
                tabs.add(tab.get(2, TimeUnit.MINUTES));
            }
            assertThat(tabs).hasSize(SHOPPERS);

            List<CompletableFuture<Void>> paying = tabs.stream().map(tab -> CompletableFuture.runAsync(() -> {
                Shopper.Answer paid = adminSession.patch("/orders/" + tab.orderId(), "{\"status\":\"PAID\"}", Map.of());
                assertThat(paid.status()).as(paid.body()).isEqualTo(200);
            }, pool)).toList();
            for (CompletableFuture<Void> paid : paying) {
                paid.get(2, TimeUnit.MINUTES);
            }
            for (Tab tab : tabs) {
                List<SessionStompClient.Frame> received = StompUserChannelsTests.messages(tab.connection(), 2);
                assertThat(received).extracting(frame -> frame.json().get("order").get("id").asString())
                    .containsOnly(tab.orderId());
                assertThat(received).extracting(frame -> frame.json().get("seq").asLong()).containsExactly(1L, 2L);
                assertThat(received).extracting(frame -> frame.json().get("order").get("status").asString())
                    .containsExactly("PLACED", "PAID");
            }
            // Nothing more for anyone: every event of the 1,000 has gone out by now.
            for (Tab tab : tabs) {
                assertThat(tab.connection().poll(Duration.ofMillis(tab == tabs.get(0) ? 500 : 0))).isNull();
            }
        }
        finally {
            tabs.forEach(tab -> tab.connection().close());
            pool.shutdownNow();
        }
    }

}
