package com.example.shop.live.hub;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.example.shop.live.feed.MemoryLog;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hub's registry, access rules and state channels, without a server. */
class LiveHubTests {

    private final MemoryLog orders = new MemoryLog("e1");

    private final LiveChannel.Log allOrders = new LiveChannel.Log("/topic/orders", "/orders/all/stream",
            AccessRule.admin("Only the admin follows every order."), orders, "orders.reload", "");

    private final LiveChannel.Log ownOrders = new LiveChannel.Log("/user/queue/orders", null,
            AccessRule.ownShopper("Start shopping first."), orders, "orders.reload", "");

    private final LiveChannel.State cart = new LiveChannel.State("/user/queue/cart", null,
            AccessRule.ownShopper("Start shopping first."), key -> new LiveMessage("cart", Map.of("owner", key), null));

    private final LiveChannel.State stock = new LiveChannel.State("/topic/stock", "/stock/stream", AccessRule.everyone(),
            key -> new LiveMessage("stock.snapshot", Map.of("units", 3), 7L));

    private final LiveHub hub = new LiveHub(List.of(allOrders, ownOrders, cart, stock), JsonMapper.builder().build(),
            Duration.ofHours(1), Clock.systemUTC());

    private static final LivePrincipal ALICE = new LivePrincipal("alice", false, "s-alice");

    private static final LivePrincipal ADMIN = new LivePrincipal(null, true, "s-admin");

    @Test
    void aDestinationNoChannelRegistersIsRefusedNamingThoseThatAre() {
        assertThatThrownBy(() -> hub.subscribe("/topic/other", ALICE, new RecordingSubscriber(), null, null, 10, null))
            .isInstanceOf(LiveHub.RefusedException.class)
            .hasMessage("cannot subscribe to /topic/other; the destinations are /topic/orders, /user/queue/orders, /user/queue/cart, /topic/stock.");
    }

    @Test
    void theAccessRuleDecidesWhoFollowsWhat() {
        assertThatThrownBy(() -> hub.subscribe("/topic/orders", ALICE, new RecordingSubscriber(), null, null, 10, null))
            .hasMessage("Only the admin follows every order.");
        assertThatThrownBy(() -> hub.subscribe("/user/queue/cart", LivePrincipal.ANONYMOUS, new RecordingSubscriber(), null, null, 10, null))
            .hasMessage("Start shopping first.");
        hub.subscribe("/topic/orders", ADMIN, new RecordingSubscriber(), null, null, 10, null);
        assertThat(hub.followers()).isOne();
    }

    @Test
    void twoChannelsOfOneLogShareOneFeed() {
        assertThat(hub.feeds()).hasSize(1);
        assertThat(hub.feed(orders)).isSameAs(hub.feeds().get(0));
        assertThat(hub.channelAtSsePath("/orders/all/stream")).isSameAs(allOrders);
    }

    @Test
    void aStateChannelSendsTheSnapshotOfTheKeyThenWhatIsPublishedForIt() {
        var alice = new RecordingSubscriber();
        var bob = new RecordingSubscriber();
        boolean[] joined = { false };
        hub.subscribe("/user/queue/cart", ALICE, alice, null, null, 10, seq -> joined[0] = true);
        hub.subscribe("/user/queue/cart", new LivePrincipal("bob", false, "s-bob"), bob, null, null, 10, null);
        assertThat(joined[0]).isTrue();
        hub.publish("/user/queue/cart", "alice", new LiveMessage("cart", Map.of("lines", 1), null));
        assertThat(alice.messages).extracting(Prepared::text).containsExactly("{\"owner\":\"alice\"}", "{\"lines\":1}");
        assertThat(bob.messages).extracting(Prepared::text).containsExactly("{\"owner\":\"bob\"}");
        assertThat(hub.isFollowed("/user/queue/cart", "alice")).isTrue();
        assertThat(hub.isFollowed("/user/queue/cart", "carol")).isFalse();
    }

    @Test
    void aStateMessageIsWrittenOnceForAllItsFollowers() {
        var first = new RecordingSubscriber();
        var second = new RecordingSubscriber();
        hub.subscribe("/topic/stock", LivePrincipal.ANONYMOUS, first, null, null, 10, null);
        hub.subscribe("/topic/stock", LivePrincipal.ANONYMOUS, second, null, null, 10, null);
        hub.publish("/topic/stock", null, new LiveMessage("stock", Map.of("units", 2), 8L));
        assertThat(first.messages.get(1)).isSameAs(second.messages.get(1));
        assertThat(first.messages.get(0).seq()).isEqualTo(7L);
        assertThat(first.messages.get(1).eventId()).isEqualTo("8");
    }

    @Test
    void aClosedStateFollowerIsDroppedAtOnce() {
        var subscriber = new RecordingSubscriber();
        hub.subscribe("/topic/stock", LivePrincipal.ANONYMOUS, subscriber, null, null, 10, null);
        subscriber.open = false;
        hub.left();
        hub.sweep();
        assertThat(hub.followers()).isZero();
        assertThat(hub.isFollowed("/topic/stock", null)).isFalse();
    }

    @Test
    void closingASessionClosesEveryConnectionOpenedWithIt() {
        AtomicInteger closed = new AtomicInteger();
        Closeable connection = closed::incrementAndGet;
        hub.opened(ALICE, connection);
        Runnable gone = hub.opened(ALICE, closed::incrementAndGet);
        hub.opened(ADMIN, () -> closed.addAndGet(100));
        gone.run();
        assertThat(hub.sessionIds()).containsExactlyInAnyOrder("s-alice", "s-admin");
        assertThat(hub.closeSession("s-alice")).isOne();
        assertThat(closed).hasValue(1);
        assertThat(hub.closeSession("s-alice")).isZero();
        assertThat(hub.opened(LivePrincipal.ANONYMOUS, closed::incrementAndGet)).isNotNull();
        assertThat(hub.sessionIds()).containsExactly("s-admin");
    }

    @Test
    void aShoppersSessionIsInUseWhileOneOfItsOpenConnectionsWasHeardFromSinceAndTheAdminsNever() {
        long since = System.nanoTime();
        AtomicLong aliceHeard = new AtomicLong(since - 1);
        hub.opened(ALICE, () -> { }, aliceHeard::get);
        Runnable adminGone = hub.opened(ADMIN, () -> { }, () -> since + 5);
        // Without a way to tell, open means heard from (an SSE stream).
        hub.opened(new LivePrincipal("bob", false, "s-bob"), () -> { });
        // The admin's page, heard from or not, never keeps the admin's session: it ends at its timeout.
        assertThat(hub.sessionIdsHeardFromSince(since)).containsExactly("s-bob");
        assertThat(hub.sessionIds()).contains("s-admin");

        aliceHeard.set(since);
        adminGone.run();
        assertThat(hub.sessionIdsHeardFromSince(since)).containsExactlyInAnyOrder("s-alice", "s-bob");
        hub.closeSession("s-alice");
        assertThat(hub.sessionIdsHeardFromSince(since)).containsExactly("s-bob");
    }

    @Test
    void twoChannelsAtOneDestinationAreAMistake() {
        assertThatThrownBy(() -> new LiveHub(List.of(stock, stock), JsonMapper.builder().build(), Duration.ofSeconds(1),
                Clock.systemUTC())).hasMessageContaining("/topic/stock");
    }

}
