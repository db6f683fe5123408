package com.example.shop.live.hub;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.example.shop.live.feed.MemoryLog;
import com.example.shop.live.feed.OrderedLog;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's log channels without a server or a thread: the test plays the feed, handing the fanout
 * entries and turns, so every interleaving of replay and live is chosen here.
 */
class LogFanoutTests {

    private final MemoryLog log = new MemoryLog("e1");

    private final LogFanout fanout = new LogFanout(log, JsonMapper.builder().build());

    private final LiveChannel.Log all = new LiveChannel.Log("/topic/all", null, AccessRule.everyone(), log,
            "reload", "");

    private final LiveChannel.Log own = new LiveChannel.Log("/user/queue/own", null,
            AccessRule.ownShopper("no shopper"), log, "reload", "");

    private long delivered;

    private void start() {
        delivered = log.latestSeq();
        fanout.started(log.epoch(), delivered);
    }

    private OrderedLog.Entry commit(String key) {
        OrderedLog.Entry entry = log.append(key, "t", Map.of("n", log.latestSeq() + 1));
        fanout.deliver(entry);
        delivered = entry.seq();
        return entry;
    }

    private void commit(int n) {
        for (int i = 0; i < n; i++) {
            commit((String) null);
        }
    }

    private void turns(int n) {
        for (int i = 0; i < n; i++) {
            fanout.work(delivered);
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aFollowerWithoutACursorGetsWhatIsCommittedFromNowOn() {
        fill(5);
        start();
        var subscriber = new RecordingSubscriber();
        boolean[] joined = { false };
        fanout.join(subscriber, all, null, null, null, 1000, seq -> joined[0] = true);
        turns(1);
        assertThat(joined[0]).isTrue();
        commit(2);
        assertThat(subscriber.seqs()).containsExactly(6L, 7L);
        assertThat(subscriber.messages.get(0).epoch()).isEqualTo("e1");
        assertThat(subscriber.messages.get(0).text()).isEqualTo("{\"n\":6}");
    }

    @Test
    void replayAndLiveMeetWithoutAGapOrARepeat() {
        fill(250);
        start();
        var resumed = new RecordingSubscriber();
        var upToDate = new RecordingSubscriber();
        fanout.join(upToDate, all, null, null, null, 1000, null);
        fanout.join(resumed, all, null, 10L, "e1", 1000, null);
        // Live changes between every slice of the replay.
        for (int i = 0; i < 5; i++) {
            turns(1);
            commit(2);
        }
        turns(5);
        commit(1);
        assertThat(resumed.seqs()).isEqualTo(range(11, 261));
        assertThat(upToDate.seqs()).isEqualTo(range(251, 261));
        assertThat(resumed.reloads).isEmpty();
    }

    @Test
    void aReplayGoesOnlyAsFastAsItsClientTakesIt() {
        fill(300);
        start();
        var slow = new RecordingSubscriber();
        fanout.join(slow, all, null, 0L, null, 1000, null);
        turns(1);
        assertThat(slow.messages).hasSize(LogFanout.REPLAY_SLICE);
        slow.room = false;
        assertThat(fanout.work(delivered)).isPositive();
        commit(1);
        assertThat(slow.messages).hasSize(LogFanout.REPLAY_SLICE);
        slow.room = true;
        turns(10);
        assertThat(slow.seqs()).isEqualTo(range(1, 301));
    }

    @Test
    void aReplayHoldsUpLiveDeliveryForOneSliceAtMost() {
        fill(1000);
        start();
        for (int i = 0; i < 20; i++) {
            fanout.join(new RecordingSubscriber(), all, null, 0L, null, 1000, null);
        }
        int readsBefore = log.reads;
        turns(1);
        // One page read per turn, however many replays wait.
        assertThat(log.reads - readsBefore).isEqualTo(1);
    }

    @Test
    void aCursorNoLongerKeptGetsAReload() {
        fill(50);
        log.pruneUpTo(20);
        start();
        var subscriber = new RecordingSubscriber();
        fanout.join(subscriber, all, null, 5L, "e1", 1000, null);
        turns(3);
        assertThat(subscriber.reloads).singleElement().asString().startsWith("e1:50 ");
        commit(1);
        assertThat(subscriber.seqs()).containsExactly(51L);
    }

    @Test
    void aCursorAheadOfTheLogGetsAReload() {
        fill(10);
        start();
        var subscriber = new RecordingSubscriber();
        fanout.join(subscriber, all, null, 99L, "e1", 1000, null);
        turns(1);
        assertThat(subscriber.reloads).singleElement().asString().startsWith("e1:10 ").contains("ahead");
    }

    @Test
    void aCursorOfAnotherEpochGetsAReload() {
        fill(10);
        start();
        var subscriber = new RecordingSubscriber();
        fanout.join(subscriber, all, null, 3L, "e0", 1000, null);
        turns(1);
        assertThat(subscriber.reloads).singleElement().asString().startsWith("e1:10 ").contains("another change log");
        assertThat(subscriber.messages).isEmpty();
    }

    @Test
    void tooManyMissedGetAReload() {
        fill(30);
        start();
        var subscriber = new RecordingSubscriber();
        fanout.join(subscriber, all, null, 5L, "e1", 10, null);
        turns(1);
        assertThat(subscriber.reloads).singleElement().asString().contains("More than 10");
    }

    @Test
    void aCursorAheadOfThisShopButWithinTheLogGoesOnFromThere() {
        fill(10);
        start();
        // Committed by another shop, not yet read by this one.
        log.append(null, "t", Map.of());
        log.append(null, "t", Map.of());
        var subscriber = new RecordingSubscriber();
        fanout.join(subscriber, all, null, 11L, "e1", 1000, null);
        turns(1);
        fanout.deliver(log.after(10, 2).entries().get(0));
        fanout.deliver(log.after(10, 2).entries().get(1));
        assertThat(subscriber.seqs()).containsExactly(12L);
        assertThat(subscriber.reloads).isEmpty();
    }

    @Test
    void aClosedFollowerIsDroppedAtOnceNotAtTheNextEntry() {
        start();
        var subscriber = new RecordingSubscriber();
        fanout.join(subscriber, all, null, null, null, 1000, null);
        turns(1);
        assertThat(fanout.followers()).isOne();
        subscriber.open = false;
        fanout.left();
        turns(1);
        assertThat(fanout.followers()).isZero();
    }

    @Test
    void aKeyedStreamGetsOnlyItsKeyNumberedByItsOwnSeq() {
        start();
        var alice = new RecordingSubscriber();
        var bob = new RecordingSubscriber();
        var admin = new RecordingSubscriber();
        fanout.join(alice, own, "alice", null, null, 1000, null);
        fanout.join(bob, own, "bob", null, null, 1000, null);
        fanout.join(admin, all, null, null, null, 1000, null);
        turns(1);
        commit("alice");
        commit("bob");
        commit("alice");
        assertThat(alice.seqs()).containsExactly(1L, 2L);
        assertThat(alice.messages).allSatisfy(message -> assertThat(message.destination()).isEqualTo("/user/queue/own"));
        assertThat(bob.seqs()).containsExactly(1L);
        assertThat(admin.seqs()).containsExactly(1L, 2L, 3L);
        assertThat(admin.messages.get(0).destination()).isEqualTo("/topic/all");
    }

    @Test
    void aKeyedStreamResumesByItsKeySeqAndMeetsLiveWithoutAGapOrARepeat() {
        start();
        for (int i = 0; i < 120; i++) {
            commit(i % 3 == 0 ? "alice" : "bob");
        }
        // alice has 40 entries; she resumes after her 5th.
        var alice = new RecordingSubscriber();
        fanout.join(alice, own, "alice", 5L, "e1", 1000, null);
        turns(1);
        commit("alice");
        commit("bob");
        turns(3);
        commit("alice");
        assertThat(alice.seqs()).isEqualTo(range(6, 42));
        assertThat(alice.messages).allSatisfy(message -> assertThat(message.text()).doesNotContain("bob"));
    }

    @Test
    void aKeyedCursorAheadOfItsKeyGetsAReloadAtTheKeysSeq() {
        start();
        commit("alice");
        commit("bob");
        commit("bob");
        var alice = new RecordingSubscriber();
        // 2 is bob's latest key seq, not alice's: it tells nothing of others.
        fanout.join(alice, own, "alice", 2L, "e1", 1000, null);
        turns(1);
        assertThat(alice.reloads).singleElement().asString().startsWith("e1:1 ");
    }

    @Test
    void losingItsPlaceTellsEveryFollowerToReload() {
        fill(3);
        start();
        var subscriber = new RecordingSubscriber();
        fanout.join(subscriber, all, null, null, null, 1000, null);
        turns(1);
        log.newEpoch("e2");
        fanout.lost("e2", 3);
        assertThat(subscriber.reloads).singleElement().asString().startsWith("e2:3 ");
    }

    private void fill(int n) {
        for (int i = 0; i < n; i++) {
            log.append(null, "t", Map.of("n", i + 1));
        }
    }

}
