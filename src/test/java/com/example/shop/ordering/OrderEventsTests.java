package com.example.shop.ordering;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.SalesFixture;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;
import com.example.shop.TestClock;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.checkout;
import static com.example.shop.SalesFixture.order;
import static com.example.shop.SalesFixture.shopperFrom;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order-events log, written through the real API: one entry per order placed and per status
 * change, a global seq in commit order, and each owner's own seq counting only their events; pruned
 * after its retention, without losing either seq or touching an order.
 */
@ShopTest
class OrderEventsTests {

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    @Autowired
    OrderEvents log;

    @Autowired
    TestClock clock;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void everyPlacementAndStatusChangeIsLoggedWithAGlobalSeqAndTheOwnersOwnSeq() {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, tag, 10, 10);
        long before = log.latestSeq();

        Shopper ada = shopperFrom(HTTP, port, "10.31.");
        Shopper bob = shopperFrom(HTTP, port, "10.32.");
        String adaOrder = order(ada, id, "M");
        String bobOrder = order(bob, id, "S");
        assertThat(admin.patch("/orders/" + adaOrder, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);
        // Refused moves and no-op moves change nothing, so they log nothing.
        assertThat(admin.patch("/orders/" + bobOrder, "{\"status\":\"SHIPPED\"}", Map.of()).status()).isEqualTo(409);
        assertThat(admin.patch("/orders/" + adaOrder, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);

        List<OrderChanged> logged = log.after(before, 100);
        assertThat(logged).extracting(OrderChanged::seq).containsExactly(before + 1, before + 2, before + 3);
        assertThat(log.latestSeq()).isEqualTo(before + 3);
        assertThat(logged).extracting(OrderChanged::type)
            .containsExactly(OrderChanged.PLACED, OrderChanged.PLACED, OrderChanged.STATUS);
        assertThat(logged).extracting(change -> change.order().id()).containsExactly(adaOrder, bobOrder, adaOrder);
        assertThat(logged.get(2).order().status()).isEqualTo(OrderStatus.PAID);

        String adaId = logged.get(0).owner();
        String bobId = logged.get(1).owner();
        assertThat(adaId).isNotEqualTo(bobId);
        assertThat(log.afterOf(adaId, 0, 100)).extracting(OrderChanged::ownerSeq).containsExactly(1L, 2L);
        assertThat(log.afterOf(adaId, 1, 100)).extracting(change -> change.order().status()).containsExactly(OrderStatus.PAID);
        assertThat(log.afterOf(bobId, 0, 100)).extracting(OrderChanged::ownerSeq).containsExactly(1L);
        assertThat(log.latestSeqOf(adaId)).isEqualTo(2);
        assertThat(log.latestSeqOf("nobody")).isZero();
        assertThat(log.epoch()).hasSize(16);
    }

    @Test
    void pruningForgetsOldEventsButKeepsTheLatestEveryOwnersSeqAndTheOrders() {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, tag, 10, 10);
        long before = log.latestSeq();
        Shopper ada = shopperFrom(HTTP, port, "10.33.");
        Shopper bob = shopperFrom(HTTP, port, "10.34.");
        String adaOrder = order(ada, id, "M");
        assertThat(admin.patch("/orders/" + adaOrder, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);
        String bobOrder = order(bob, id, "S");
        List<OrderChanged> logged = log.after(before, 100);
        String adaId = logged.get(0).owner();
        String bobId = logged.get(2).owner();
        long latest = before + 3;
        assertThat(log.latestSeq()).isEqualTo(latest);
        String adasOrderBefore = ada.get("/orders/" + adaOrder).body();
        String adasListBefore = ada.get("/orders").body();
        String bobsOrderSeenByAdminBefore = admin.get("/orders/" + bobOrder).body();

        // Within the retention nothing goes (of these; the shared shop may have older events).
        log.prune();
        assertThat(log.after(before, 100)).extracting(OrderChanged::seq).containsExactly(before + 1, before + 2, latest);

        // A week and a day later: everything but the latest event is forgotten.
        clock.advance(Duration.ofDays(8));
        assertThat(log.prune()).isGreaterThanOrEqualTo(2);
        assertThat(log.after(0, Integer.MAX_VALUE)).singleElement().satisfies(kept -> {
            assertThat(kept.seq()).isEqualTo(latest);
            assertThat(kept.order().id()).isEqualTo(bobOrder);
        });
        assertThat(log.latestSeq()).isEqualTo(latest);
        // Ada's events are all gone, and her seq is still known; Bob keeps his one, the latest.
        assertThat(log.afterOf(adaId, 0, 100)).isEmpty();
        assertThat(log.latestSeqOf(adaId)).isEqualTo(2);
        assertThat(log.afterOf(bobId, 0, 100)).extracting(OrderChanged::ownerSeq).containsExactly(1L);
        assertThat(log.latestSeqOf(bobId)).isEqualTo(1);

        // The orders are untouched.
        assertThat(ada.get("/orders/" + adaOrder).body()).isEqualTo(adasOrderBefore);
        assertThat(ada.get("/orders").body()).isEqualTo(adasListBefore);
        assertThat(admin.get("/orders/" + bobOrder).body()).isEqualTo(bobsOrderSeenByAdminBefore);

        // Both seqs go on where they were: Ada's next event is her seq 3, not a second seq 1.
        assertThat(admin.patch("/orders/" + adaOrder, "{\"status\":\"SHIPPED\"}", Map.of()).status()).isEqualTo(200);
        assertThat(log.after(latest, 100)).singleElement().satisfies(next -> {
            assertThat(next.seq()).isEqualTo(latest + 1);
            assertThat(next.owner()).isEqualTo(adaId);
            assertThat(next.ownerSeq()).isEqualTo(3);
        });
        assertThat(log.latestSeqOf(adaId)).isEqualTo(3);
    }

    @Test
    void twoPrunesAtOnceDeleteEachEventOnce() {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, tag, 10, 10);
        Shopper ada = shopperFrom(HTTP, port, "10.35.");
        for (int order = 0; order < 3; order++) {
            add(ada, id, "M", 1);
            checkout(ada);
        }
        long latest = log.latestSeq();
        int kept = log.after(0, Integer.MAX_VALUE).size();
        clock.advance(Duration.ofDays(8));

        // As two shops on one database would, each on its own connection.
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(log::prune);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(log::prune);

        assertThat(first.join() + second.join()).isEqualTo(kept - 1);
        assertThat(log.after(0, Integer.MAX_VALUE)).extracting(OrderChanged::seq).containsExactly(latest);
        assertThat(log.latestSeq()).isEqualTo(latest);
    }

}
