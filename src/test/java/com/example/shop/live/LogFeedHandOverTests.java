package com.example.shop.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.example.shop.ShopFixture;
import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtChanged;
import com.example.shop.live.feed.LogFeed;
import com.example.shop.live.feed.OrderedLog;

import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the catalog's feed gets a change this shop committed: as handed over with the commit when it
 * is next in seq order, from the change log otherwise. A feed of the test's own, on the shop's
 * catalog, that reads the log only when told to (its poll interval is an hour): the change handed
 * over carries a mark (an occurredAt of the epoch) that the log's copy does not, so what the
 * follower receives shows where it came from.
 */
@LiveShop
class LogFeedHandOverTests {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    Catalog catalog;

    RestTestClient admin;

    LogFeed feed;

    final List<ShirtChanged> received = new CopyOnWriteArrayList<>();

    final List<String> reloads = new CopyOnWriteArrayList<>();

    // Set, the next delivery holds the feed thread until it is counted down.
    volatile @Nullable CountDownLatch hold;

    @BeforeEach
    void startFeed() {
        admin = ShopFixture.asAdmin(ShopFixture.client(port, json), LiveShop.PASSWORD);
        feed = new LogFeed("test-feed", new CatalogLog(catalog), new LogFeed.Tail() {

            @Override
            public void started(String epoch, long seq) {
            }

            @Override
            public void deliver(OrderedLog.Entry entry) {
                received.add((ShirtChanged) entry.body());
                CountDownLatch latch = hold;
                if (latch != null) {
                    hold = null;
                    try {
                        latch.await(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void lost(String epoch, long latest) {
                reloads.add("lost at " + latest);
            }

            @Override
            public long work(long deliveredSeq) {
                return Long.MAX_VALUE;
            }

        }, Duration.ofHours(1), Clock.systemUTC());
        feed.start();
        await().atMost(StompTestClient.WAIT).until(() -> feed.deliveredSeq() >= 0);
    }

    @AfterEach
    void stopFeed() {
        CountDownLatch latch = hold;
        if (latch != null) {
            latch.countDown();
        }
        feed.stop();
        assertThat(reloads).isEmpty();
    }

    @Test
    void aChangeThisShopCommittedIsDeliveredAsHandedOverWhenItIsNext() {
        long before = feed.deliveredSeq();
        create(admin, "Handed over", "21.00");
        ShirtChanged logged = fromTheLog(before + 1);

        feed.committed(CatalogLog.entry(marked(logged)));

        await().atMost(StompTestClient.WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0).seq()).isEqualTo(before + 1);
        assertThat(received.get(0).occurredAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aChangeHandedOverAfterAGapIsReadFromTheLogWithTheChangesBeforeIt() {
        long before = feed.deliveredSeq();
        create(admin, "Made elsewhere", "22.00");
        create(admin, "Made here", "23.00");
        assertThat(seq(admin)).isEqualTo(before + 2);

        // The first change is not handed over (another shop made it, or its hand-over is late).
        feed.committed(CatalogLog.entry(marked(fromTheLog(before + 2))));

        await().atMost(StompTestClient.WAIT).until(() -> received.size() == 2);
        assertThat(received).extracting(ShirtChanged::seq).containsExactly(before + 1, before + 2);
        assertThat(received).extracting(ShirtChanged::occurredAt).doesNotContain(Instant.EPOCH);
    }

    @Test
    void changesHandedOverTogetherAreDeliveredInSeqOrderAndOnlyOnce() throws Exception {
        long before = feed.deliveredSeq();
        create(admin, "First", "25.00");
        CountDownLatch release = new CountDownLatch(1);
        hold = release;
        feed.committed(CatalogLog.entry(marked(fromTheLog(before + 1))));
        await().atMost(StompTestClient.WAIT).until(() -> received.size() == 1);

        // While the feed delivers the first: two more committed, handed over out of order, and
        // the first handed over again (a listener late, or called twice).
        create(admin, "Second", "26.00");
        create(admin, "Third", "27.00");
        feed.committed(CatalogLog.entry(marked(fromTheLog(before + 3))));
        feed.committed(CatalogLog.entry(marked(fromTheLog(before + 1))));
        feed.committed(CatalogLog.entry(marked(fromTheLog(before + 2))));
        release.countDown();

        await().atMost(StompTestClient.WAIT).until(() -> received.size() >= 3);
        assertThat(received).extracting(ShirtChanged::seq).containsExactly(before + 1, before + 2, before + 3);
        // All three as handed over: none needed the change log.
        assertThat(received).extracting(ShirtChanged::occurredAt).containsOnly(Instant.EPOCH);
    }

    private ShirtChanged fromTheLog(long seq) {
        return catalog.changesAfter(seq - 1, 1).events().get(0);
    }

    private static ShirtChanged marked(ShirtChanged change) {
        return new ShirtChanged(change.type(), change.seq(), Instant.EPOCH, change.shirt());
    }

}
