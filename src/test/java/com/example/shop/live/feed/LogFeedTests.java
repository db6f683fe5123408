package com.example.shop.live.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The feed on an in-memory log: order, gaps and wake-ups, with its own thread and no Spring. */
class LogFeedTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MemoryLog log = new MemoryLog("e1");

    private final List<Long> delivered = new CopyOnWriteArrayList<>();

    private final List<String> events = new CopyOnWriteArrayList<>();

    private final AtomicInteger turns = new AtomicInteger();

    private final LogFeed.Tail tail = new LogFeed.Tail() {

        @Override
        public void started(String epoch, long seq) {
            events.add("started " + epoch + ":" + seq);
        }

        @Override
        public void deliver(OrderedLog.Entry entry) {
            delivered.add(entry.seq());
        }

        @Override
        public void lost(String epoch, long latest) {
            events.add("lost " + epoch + ":" + latest);
        }

        @Override
        public long work(long deliveredSeq) {
            turns.incrementAndGet();
            return Long.MAX_VALUE;
        }

    };

    private LogFeed feed;

    private LogFeed start(Duration pollInterval) {
        feed = new LogFeed("test-feed", log, tail, pollInterval, Clock.systemUTC());
        feed.start();
        await().atMost(WAIT).until(() -> feed.deliveredSeq() >= 0);
        return feed;
    }

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.stop();
        }
    }

    @Test
    void itStartsAtTheTipOfTheLog() {
        log.append("before");
        log.append("before");
        start(Duration.ofHours(1));
        assertThat(events).containsExactly("started e1:2");
        assertThat(feed.deliveredSeq()).isEqualTo(2);
        assertThat(delivered).isEmpty();
    }

    @Test
    void aWakeUpReadsWhatWasCommittedElsewhereInOrder() {
        start(Duration.ofHours(1));
        for (int i = 0; i < 250; i++) {
            log.append(Map.of("n", i));
        }
        feed.wake();
        await().atMost(WAIT).until(() -> delivered.size() == 250);
        assertThat(delivered).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
        assertThat(feed.lag()).isZero();
    }

    @Test
    void anEntryHandedOverWhenNextIsDeliveredWithoutReadingTheLog() {
        start(Duration.ofHours(1));
        int reads = log.reads;
        feed.committed(log.append("here"));
        await().atMost(WAIT).until(() -> delivered.size() == 1);
        assertThat(log.reads).isEqualTo(reads);
    }

    @Test
    void anEntryHandedOverAfterAGapIsReadFromTheLogWithThoseBeforeIt() {
        start(Duration.ofHours(1));
        log.append("elsewhere");
        feed.committed(log.append("here"));
        await().atMost(WAIT).until(() -> delivered.size() == 2);
        assertThat(delivered).containsExactly(1L, 2L);
    }

    @Test
    void entriesHandedOverOutOfOrderOrTwiceAreDeliveredInOrderOnce() {
        start(Duration.ofHours(1));
        OrderedLog.Entry first = log.append("a");
        OrderedLog.Entry second = log.append("b");
        OrderedLog.Entry third = log.append("c");
        feed.committed(third);
        feed.committed(first);
        feed.committed(second);
        feed.committed(first);
        await().atMost(WAIT).until(() -> delivered.size() >= 3);
        assertThat(delivered).containsExactly(1L, 2L, 3L);
    }

    @Test
    void withoutAWakeUpThePollIntervalFindsWhatWasCommitted() {
        start(Duration.ofMillis(50));
        log.append("quiet");
        await().atMost(WAIT).until(() -> delivered.size() == 1);
    }

    @Test
    void aNudgeRunsTheTailsWorkWithoutReadingTheLog() {
        start(Duration.ofHours(1));
        await().atMost(WAIT).until(() -> turns.get() >= 1);
        int before = turns.get();
        int reads = log.reads;
        feed.nudge();
        await().atMost(WAIT).until(() -> turns.get() > before);
        assertThat(log.reads).isEqualTo(reads);
    }

    @Test
    void aFeedFurtherBehindThanTheLogKeepsTellsItsTailAndGoesOnFromTheLatest() {
        start(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            log.append("missed");
        }
        log.pruneUpTo(3);
        log.newEpoch("e2");
        feed.wake();
        await().atMost(WAIT).until(() -> events.contains("lost e2:5"));
        assertThat(feed.deliveredSeq()).isEqualTo(5);
        assertThat(feed.epoch()).isEqualTo("e2");
        feed.committed(log.append("after"));
        await().atMost(WAIT).until(() -> delivered.contains(6L));
    }

}
