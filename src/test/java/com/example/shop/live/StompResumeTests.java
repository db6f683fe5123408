package com.example.shop.live;

import com.example.shop.live.stomp.StompEndpoint;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.example.shop.ShopFixture;
import com.example.shop.TestClock;
import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtDetails;
import com.example.shop.catalog.ShirtSize;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resuming over STOMP: a SUBSCRIBE to {@code /topic/shirts} with {@code after:N} gets the changes
 * after N from the change log, then the live ones, on the one subscription, with no gap and no
 * repeat; a seq the shop can no longer serve gets one {@code catalog.reload} first.
 */
@LiveShop
class StompResumeTests {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    Catalog catalog;

    @Autowired
    TestClock clock;

    @Autowired
    StompEndpoint topic;

    RestTestClient http;

    RestTestClient admin;

    StompTestClient stomp;

    @BeforeEach
    void connect() throws Exception {
        http = ShopFixture.client(port, json);
        admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
        stomp = StompTestClient.connect(port);
    }

    @AfterEach
    void disconnect() {
        stomp.close();
    }

    @Test
    void aRecentSeqIsReplayedFromTheChangeLogThenTheSubscriptionGoesOnLive() throws Exception {
        long start = seq(http);
        create(admin, "Missed 1", "10.00");
        create(admin, "Missed 2", "11.00");
        create(admin, "Missed 3", "12.00");

        // The client had applied the first of them when it lost its connection.
        var shirts = stomp.subscribeConfirmed("/topic/shirts", after(start + 1));
        JsonNode live = create(admin, "Live", "13.00");

        StompTestClient.Frame first = shirts.next();
        StompTestClient.Frame second = shirts.next();
        StompTestClient.Frame third = shirts.next();
        assertThat(List.of(first.seqHeader(), second.seqHeader(), third.seqHeader()))
            .containsExactly(start + 2, start + 3, start + 4);
        assertThat(json.readTree(third.body()).get("shirt")).isEqualTo(live);
        // The replay is the change log's own messages, byte for byte.
        assertThat(text(http.get().uri("/shirts/events?after=" + (start + 1) + "&limit=2").exchange()))
            .contains("[" + first.text() + "," + second.text() + "]");

        // Nothing is repeated: the next message is the next change.
        create(admin, "Next", "14.00");
        assertThat(shirts.next().seqHeader()).isEqualTo(start + 5);
    }

    @Test
    void aClientThatSubscribesBeforeReadingConnectedGetsConnectedFirstThenItsReplayThenItsReceipt() throws Exception {
        long start = seq(http);
        create(admin, "Missed 1", "10.00");
        create(admin, "Missed 2", "11.00");

        // CONNECT and SUBSCRIBE in one WebSocket message: the replay may be ready before the broker
        // has answered the CONNECT, and must wait for it.
        try (RawStompClient raw = RawStompClient.open(port)) {
            raw.send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0"
                    + "SUBSCRIBE\nid:pipelined\ndestination:/topic/shirts\nafter:" + start + "\nreceipt:r-1\n\n\0");

            assertThat(raw.next()).startsWith("CONNECTED\n");
            assertThat(raw.next()).startsWith("MESSAGE\n").contains("\nseq:" + (start + 1) + "\n");
            assertThat(raw.next()).startsWith("MESSAGE\n").contains("\nseq:" + (start + 2) + "\n");
            assertThat(raw.next()).isEqualTo("RECEIPT\nreceipt-id:r-1\n\n\0");
        }
    }

    @Test
    void aLongReplayArrivesInSeqOrder() throws Exception {
        int missed = 60;
        long start = seq(http);
        for (int i = 0; i < missed; i++) {
            catalog.create(new ShirtDetails("Missed " + i, "green", Set.of(ShirtSize.M), new BigDecimal("10.00"), null), null);
        }

        // Sent back to back from the change log: they must not overtake each other on the way out.
        var shirts = stomp.subscribeConfirmed("/topic/shirts", after(start));

        assertThat(receiveThrough(shirts, start + missed))
            .containsExactlyElementsOf(LongStream.rangeClosed(start + 1, start + missed).boxed().toList());
    }

    @Test
    void theLatestSeqResumesWithNothingToReplay() throws Exception {
        create(admin, "Already applied", "10.00");
        long latest = seq(http);

        var shirts = stomp.subscribeConfirmed("/topic/shirts", after(latest));
        create(admin, "Live", "11.00");

        assertThat(shirts.next().seqHeader()).isEqualTo(latest + 1);
    }

    @Test
    void aSeqOlderThanTheKeptHistoryIsToldToReloadThenGetsTheLiveChanges() throws Exception {
        long before = seq(http);
        create(admin, "Soon forgotten", "10.00");
        // A week and a day later the change log has forgotten everything.
        clock.advance(Duration.ofDays(8));
        catalog.prune();
        JsonNode kept = create(admin, "Remembered", "11.00");
        long latest = before + 2;

        var tooOld = stomp.subscribeConfirmed("/topic/shirts", after(before));
        // One seq later is just within what is kept: replayed, not reloaded.
        var justKept = stomp.subscribeConfirmed("/topic/shirts", after(before + 1));

        StompTestClient.Frame reload = tooOld.next();
        assertReload(reload, latest);
        StompTestClient.Frame replayed = justKept.next();
        assertThat(replayed.seqHeader()).isEqualTo(latest);
        assertThat(json.readTree(replayed.body()).get("shirt")).isEqualTo(kept);

        JsonNode live = create(admin, "After the reload", "12.00");
        for (var subscription : List.of(tooOld, justKept)) {
            StompTestClient.Frame next = subscription.next();
            assertThat(next.seqHeader()).isEqualTo(latest + 1);
            assertThat(json.readTree(next.body()).get("shirt")).isEqualTo(live);
        }
    }

    @Test
    void aSeqAheadOfTheCatalogIsToldToReloadThenGetsTheLiveChanges() throws Exception {
        create(admin, "Present", "10.00");
        long latest = seq(http);

        // A client of another database, or of this one before it was replaced.
        var shirts = stomp.subscribeConfirmed("/topic/shirts", after(latest + 1000));
        assertReload(shirts.next(), latest);

        create(admin, "Live", "11.00");
        assertThat(shirts.next().seqHeader()).isEqualTo(latest + 1);
    }

    @Test
    void subscriptionsResumedWhileAWriterIsBusyEachSeeAContiguousRun() throws Exception {
        int writes = 30;
        long start = seq(http);
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < writes; i++) {
                create(admin, "Busy " + i, "10.00");
                written.incrementAndGet();
            }
        });

        // Three clients resume a few changes behind the tip while changes keep coming, and one
        // joins without a seq; none waits for its receipt, so every join races the writer.
        List<Long> afters = new ArrayList<>();
        List<StompTestClient.Subscription> resumed = new ArrayList<>();
        for (int progress : new int[] { 3, 10, 18 }) {
            await().atMost(StompTestClient.WAIT).until(() -> written.get() >= progress);
            long after = Math.max(start, seq(http) - 2);
            afters.add(after);
            resumed.add(stomp.subscribe("/topic/shirts", after(after)));
        }
        var plain = stomp.subscribe("/topic/shirts");
        writer.get(60, TimeUnit.SECONDS);
        // A last change that every subscription, the one without a seq too, is sure to get.
        plain.awaitRegistered(topic);
        create(admin, "Marker", "11.00");
        long end = start + writes + 1;
        assertThat(seq(http)).isEqualTo(end);

        for (int i = 0; i < resumed.size(); i++) {
            assertThat(receiveThrough(resumed.get(i), end)).as("resumed after %d", afters.get(i))
                .containsExactlyElementsOf(LongStream.rangeClosed(afters.get(i) + 1, end).boxed().toList());
        }
        List<Long> live = receiveThrough(plain, end);
        assertThat(live).containsExactlyElementsOf(LongStream.rangeClosed(live.get(0), end).boxed().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "-1", "1.5", "0x10", "99999999999999999999" })
    void anAfterThatIsNotASeqIsRefusedWithAnErrorFrame(String after) throws Exception {
        try (var client = StompTestClient.connect(port)) {
            client.subscribe("/topic/shirts", Map.of("after", after));

            StompTestClient.Frame error = client.nextError();
            assertThat(error.headers().getFirst("message")).isEqualTo("Refused: The after header must be a seq, a number from 0 "
                    + "(the seq of GET /shirts or of the last message applied).");
            assertThat(error.text()).doesNotContain("Exception", "org.springframework", "\tat ");
            assertThat(client.closed().get(StompTestClient.WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void everyMessageCarriesTheEpochAndAResumeOfAnotherEpochGetsAReloadFirst() throws Exception {
        String epoch = ShopFixture.epoch(http);
        long start = seq(http);
        create(admin, "Missed", "10.00");

        // The epoch of GET /shirts: a resume like any other, every message with the epoch header.
        var same = stomp.subscribeConfirmed("/topic/shirts", Map.of("after", Long.toString(start), "epoch", epoch));
        StompTestClient.Frame replayed = same.next();
        assertThat(replayed.seqHeader()).isEqualTo(start + 1);
        assertThat(replayed.headers().getFirst("epoch")).isEqualTo(epoch);

        // Another epoch: the seq means nothing here, so catalog.reload first, then live changes.
        long latest = seq(http);
        var other = stomp.subscribeConfirmed("/topic/shirts", Map.of("after", Long.toString(start), "epoch", "0000000000000000"));
        StompTestClient.Frame reload = other.next();
        assertThat(json.readTree(reload.body()).get("type").asString()).isEqualTo("catalog.reload");
        assertThat(reload.seqHeader()).isEqualTo(latest);
        assertThat(reload.headers().getFirst("epoch")).isEqualTo(epoch);
        JsonNode live = create(admin, "Live", "11.00");
        StompTestClient.Frame next = other.next();
        assertThat(json.readTree(next.body()).get("shirt")).isEqualTo(live);
        assertThat(next.headers().getFirst("epoch")).isEqualTo(epoch);
        assertThat(same.next().headers().getFirst("epoch")).isEqualTo(epoch);
    }

    private static Map<String, String> after(long seq) {
        return Map.of("after", Long.toString(seq));
    }

    private void assertReload(StompTestClient.Frame frame, long latest) {
        JsonNode body = json.readTree(frame.body());
        assertThat(body.get("type").asString()).isEqualTo("catalog.reload");
        assertThat(body.get("seq").asLong()).isEqualTo(latest);
        assertThat(frame.seqHeader()).isEqualTo(latest);
        assertThat(frame.headers().getDestination()).isEqualTo("/topic/shirts");
    }

    /** The seqs of the messages of a subscription, in arrival order, until one with {@code end}. */
    private static List<Long> receiveThrough(StompTestClient.Subscription subscription, long end) {
        List<Long> seqs = new ArrayList<>();
        await().atMost(StompTestClient.WAIT).until(() -> {
            for (StompTestClient.Frame frame = subscription.messages().poll(); frame != null; frame = subscription
                .messages()
                .poll()) {
                seqs.add(frame.seqHeader());
            }
            return !seqs.isEmpty() && seqs.get(seqs.size() - 1) >= end;
        });
        return seqs;
    }

}
