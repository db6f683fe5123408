package com.example.shop.ordering.live;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.SalesFixture;
import com.example.shop.ShopTest;
import com.example.shop.Shopper;
import com.example.shop.TestClock;
import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipal;
import com.example.shop.live.hub.Prepared;
import com.example.shop.live.hub.Subscriber;
import com.example.shop.ordering.OrderChanged;
import com.example.shop.ordering.OrderEvents;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.SalesFixture.order;
import static com.example.shop.SalesFixture.shopperFrom;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The order channels as registered, served by a live hub of their own over the real database:
 * orders placed and changed through the real API reach each shopper's own stream only, numbered by
 * the shopper's own seq, and the admin's stream all of them by the log's seq; both resume after a
 * seq, and a reader whose seq was pruned is told to reload instead. (The transports are tested end to end in the live tests; here, what the channels hand them.)
 */
@ShopTest
class OrderChannelsTests {

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    @Autowired
    LiveChannel.Log ownOrdersChannel;

    @Autowired
    LiveChannel.Log allOrdersChannel;

    @Autowired
    OrderEvents events;

    @Autowired
    JsonMapper json;

    @Autowired
    TestClock clock;

    LiveHub hub;

    final String tag = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void startHub() {
        // Read every 20 ms: this hub is not the shop's, so nothing hands it the commits.
        hub = new LiveHub(List.of(ownOrdersChannel, allOrdersChannel), json, Duration.ofMillis(20), Clock.systemUTC());
        hub.start();
    }

    @AfterEach
    void stopHub() {
        hub.stop();
    }

    @Test
    void eachShopperFollowsTheirOwnOrdersByTheirOwnSeqAndTheAdminAllByTheLogsSeq() {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, tag, 10, 10);
        long before = events.latestSeq();
        Shopper ada = shopperFrom(HTTP, port, "10.41.");
        Shopper bob = shopperFrom(HTTP, port, "10.42.");
        String adaOrder = order(ada, id, "M");
        String bobOrder = order(bob, id, "S");
        List<OrderChanged> placed = events.after(before, 10);
        // Each shopper's id found by their order: whatever else the shared shop logged meanwhile.
        String adaId = ownerOf(placed, adaOrder);
        String bobId = ownerOf(placed, bobOrder);

        // "Without a seq" means from where the hub has read: let it read both placements first, or
        // Bob's own placement, committed before he joined, would still be ahead of the hub and his.
        long placedHead = events.latestSeq();
        await().until(() -> hub.feeds().stream().allMatch(feed -> feed.deliveredSeq() >= placedHead));

        Recording adaTab = new Recording();
        Recording bobTab = new Recording();
        Recording adminPage = new Recording();
        hub.subscribe(OrderChannels.OWN, new LivePrincipal(adaId, false, "s-ada"), adaTab, 0L, events.epoch(), 100, null);
        hub.subscribe(OrderChannels.OWN, new LivePrincipal(bobId, false, "s-bob"), bobTab, null, null, 100, null);
        hub.subscribe(OrderChannels.ALL, new LivePrincipal(null, true, "s-admin"), adminPage, before, events.epoch(), 100, null);
        // Ada resumed from 0: her order placed; Bob joined without a seq: only what follows.
        await().untilAsserted(() -> assertThat(adaTab.bodies()).hasSize(1));
        await().untilAsserted(() -> assertThat(adminPage.bodies()).hasSize(2));

        assertThat(admin.patch("/orders/" + adaOrder, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);
        assertThat(admin.patch("/orders/" + bobOrder, "{\"status\":\"CANCELLED\"}", Map.of()).status()).isEqualTo(200);

        await().untilAsserted(() -> assertThat(adminPage.bodies()).hasSize(4));
        await().untilAsserted(() -> assertThat(adaTab.bodies()).hasSize(2));
        await().untilAsserted(() -> assertThat(bobTab.bodies()).hasSize(1));
        assertThat(adaTab.bodies()).extracting(body -> body.get("seq").asLong()).containsExactly(1L, 2L);
        assertThat(adaTab.bodies()).extracting(body -> body.get("type").asString())
            .containsExactly(OrderChanged.PLACED, OrderChanged.STATUS);
        assertThat(adaTab.bodies()).allSatisfy(body -> assertThat(body.get("order").get("id").asString()).isEqualTo(adaOrder));
        assertThat(adaTab.bodies().get(1).get("order").get("status").asString()).isEqualTo("PAID");
        assertThat(adaTab.messages).extracting(Prepared::seq).containsExactly(1L, 2L);
        assertThat(bobTab.bodies()).singleElement().satisfies(body -> {
            assertThat(body.get("seq").asLong()).isEqualTo(2);
            assertThat(body.get("order").get("id").asString()).isEqualTo(bobOrder);
            assertThat(body.get("order").get("status").asString()).isEqualTo("CANCELLED");
        });
        assertThat(adminPage.bodies()).extracting(body -> body.get("seq").asLong())
            .containsExactly(before + 1, before + 2, before + 3, before + 4);
        assertThat(adminPage.bodies()).extracting(body -> body.get("order").get("id").asString())
            .containsExactly(adaOrder, bobOrder, adaOrder, bobOrder);

        // Ada again, in a new tab, from her seq 1: only what came after.
        Recording adaAgain = new Recording();
        hub.subscribe(OrderChannels.OWN, new LivePrincipal(adaId, false, "s-ada"), adaAgain, 1L, events.epoch(), 100, null);
        await().untilAsserted(() -> assertThat(adaAgain.bodies()).hasSize(1));
        assertThat(adaAgain.bodies().get(0).get("seq").asLong()).isEqualTo(2);
    }

    @Test
    void theAdminsChannelRefusesShoppersAndAnonymousAndTheShoppersChannelRefusesWhoHasNoCart() {
        assertThatThrownBy(() -> hub.subscribe(OrderChannels.ALL, new LivePrincipal("someone", false, "s"), new Recording(),
                null, null, 100, null)).isInstanceOf(LiveHub.RefusedException.class).hasMessageContaining("admin");
        assertThatThrownBy(() -> hub.subscribe(OrderChannels.ALL, LivePrincipal.ANONYMOUS, new Recording(), null, null, 100, null))
            .isInstanceOf(LiveHub.RefusedException.class);
        assertThatThrownBy(() -> hub.subscribe(OrderChannels.OWN, LivePrincipal.ANONYMOUS, new Recording(), null, null, 100, null))
            .isInstanceOf(LiveHub.RefusedException.class);
        assertThatThrownBy(() -> hub.subscribe("/user/someone/queue/orders", new LivePrincipal("someone", false, "s"),
                new Recording(), null, null, 100, null)).isInstanceOf(LiveHub.RefusedException.class);
        // One SSE path, two channels: the admin's orders for the admin, a shopper's own for a shopper.
        assertThat(hub.channelAtSsePath(OrderChannels.STREAM, new LivePrincipal(null, true, "s"))).isSameAs(allOrdersChannel);
        assertThat(hub.channelAtSsePath(OrderChannels.STREAM, new LivePrincipal("someone", false, "s"))).isSameAs(ownOrdersChannel);
    }

    @Test
    void aReaderBehindThePrunedLogIsToldToReloadAtTheLatestSeqOfItsStream() {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, tag, 10, 10);
        long before = events.latestSeq();
        Shopper ada = shopperFrom(HTTP, port, "10.43.");
        Shopper bob = shopperFrom(HTTP, port, "10.44.");
        String adaOrder = order(ada, id, "M");
        assertThat(admin.patch("/orders/" + adaOrder, "{\"status\":\"PAID\"}", Map.of()).status()).isEqualTo(200);
        String bobOrder = order(bob, id, "S");
        List<OrderChanged> logged = events.after(before, 10);
        String adaId = ownerOf(logged, adaOrder);
        String bobId = ownerOf(logged, bobOrder);
        long latest = before + 3;
        await().until(() -> hub.feeds().stream().allMatch(feed -> feed.deliveredSeq() >= latest));

        // A week and a day later only the latest event, Bob's order placed, is kept.
        clock.advance(Duration.ofDays(8));
        events.prune();

        Recording adminFromBefore = new Recording(true);
        Recording adminFromKept = new Recording(true);
        Recording adaFromStart = new Recording(true);
        Recording adaFromHerLatest = new Recording(true);
        Recording bobFromStart = new Recording(true);
        hub.subscribe(OrderChannels.ALL, new LivePrincipal(null, true, "s-admin"), adminFromBefore, before, events.epoch(), 100, null);
        hub.subscribe(OrderChannels.ALL, new LivePrincipal(null, true, "s-admin"), adminFromKept, latest - 1, events.epoch(), 100, null);
        hub.subscribe(OrderChannels.OWN, new LivePrincipal(adaId, false, "s-ada"), adaFromStart, 0L, events.epoch(), 100, null);
        hub.subscribe(OrderChannels.OWN, new LivePrincipal(adaId, false, "s-ada"), adaFromHerLatest, 2L, events.epoch(), 100, null);
        hub.subscribe(OrderChannels.OWN, new LivePrincipal(bobId, false, "s-bob"), bobFromStart, 0L, events.epoch(), 100, null);

        // Behind what is kept: one reload, at the latest seq of the stream (the log's, or Ada's own).
        await().untilAsserted(() -> assertThat(adminFromBefore.reloads).containsExactly(latest));
        await().untilAsserted(() -> assertThat(adaFromStart.reloads).containsExactly(2L));
        // Within what is kept: replayed as usual.
        await().untilAsserted(() -> assertThat(adminFromKept.bodies()).hasSize(1));
        assertThat(adminFromKept.bodies().get(0).get("seq").asLong()).isEqualTo(latest);
        await().untilAsserted(() -> assertThat(bobFromStart.bodies()).hasSize(1));
        assertThat(bobFromStart.bodies().get(0).get("order").get("id").asString()).isEqualTo(bobOrder);

        // Then everyone goes on live, Ada at her seq 3.
        assertThat(admin.patch("/orders/" + adaOrder, "{\"status\":\"SHIPPED\"}", Map.of()).status()).isEqualTo(200);
        for (Recording ada3 : List.of(adaFromStart, adaFromHerLatest)) {
            await().untilAsserted(() -> assertThat(ada3.bodies()).hasSize(1));
            assertThat(ada3.bodies().get(0).get("seq").asLong()).isEqualTo(3);
            assertThat(ada3.bodies().get(0).get("order").get("status").asString()).isEqualTo("SHIPPED");
        }
        for (Recording page : List.of(adminFromBefore, adminFromKept)) {
            await().untilAsserted(() -> assertThat(page.bodies()).extracting(body -> body.get("seq").asLong()).contains(latest + 1));
        }
        assertThat(adaFromHerLatest.reloads).isEmpty();
        assertThat(adminFromKept.reloads).isEmpty();
        assertThat(bobFromStart.reloads).isEmpty();
        assertThat(bobFromStart.bodies()).hasSize(1);
    }

    final class Recording implements Subscriber {

        final List<Prepared> messages = new CopyOnWriteArrayList<>();

        /** The seqs of the reloads this subscriber was told, when it may be told any. */
        final List<Long> reloads = new CopyOnWriteArrayList<>();

        private final boolean reloadsExpected;

        Recording() {
            this(false);
        }

        Recording(boolean reloadsExpected) {
            this.reloadsExpected = reloadsExpected;
        }

        @Override
        public void send(Prepared message) {
            messages.add(message);
        }

        @Override
        public void reload(LiveChannel.Log channel, long seq, String epoch, String why) {
            if (!reloadsExpected) {
                throw new AssertionError("Unexpected reload: " + why);
            }
            assertThat(channel.reloadType()).isEqualTo(OrderChannels.RELOAD);
            assertThat(epoch).isEqualTo(events.epoch());
            reloads.add(seq);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        List<JsonNode> bodies() {
            return messages.stream().map(message -> json.readTree(message.text())).toList();
        }

    }

    private static String ownerOf(List<OrderChanged> events, String orderId) {
        return events.stream().filter(event -> event.order().id().equals(orderId)).findFirst().orElseThrow().owner();
    }

}
