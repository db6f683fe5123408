package com.example.shop.ordering;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.SalesFixture;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.checkout;
import static com.example.shop.SalesFixture.shirt;
import static com.example.shop.SalesFixture.shopperFrom;
import static com.example.shop.SalesFixture.stock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order-events log, written through the real API: one entry per order placed and per status
 * change, a global seq in commit order, and each owner's own seq counting only their events.
 */
@ShopTest
class OrderEventsTests {

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    @Autowired
    OrderEvents log;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void everyPlacementAndStatusChangeIsLoggedWithAGlobalSeqAndTheOwnersOwnSeq() {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = shirt(admin, tag);
        stock(admin, id, 10, 10);
        long before = log.latestSeq();

        Shopper ada = shopperFrom(HTTP, port, "10.31.");
        Shopper bob = shopperFrom(HTTP, port, "10.32.");
        add(ada, id, "M", 1);
        String adaOrder = checkout(ada).json().get("id").asString();
        add(bob, id, "S", 1);
        String bobOrder = checkout(bob).json().get("id").asString();
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

}
