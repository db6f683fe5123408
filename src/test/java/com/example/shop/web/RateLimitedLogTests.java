package com.example.shop.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Warnings of one kind at most once per interval, on a clock the test moves, written to a real Logback logger. */
class RateLimitedLogTests {

    final Logger logger = (Logger) LoggerFactory.getLogger(RateLimitedLogTests.class.getName() + ".subject");

    final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    final AtomicLong now = new AtomicLong(Duration.ofHours(1).toNanos());

    final RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), now::get);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.WARN);
        logger.setAdditive(false);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void oneLinePerKindPerIntervalAndTheNextCountsWhatWasLeftOut() {
        log.warn("refused", "Refused frame {} of session {}", "SEND", "s-1");
        for (int i = 2; i <= 50; i++) {
            log.warn("refused", "Refused frame {} of session {}", "SEND", "s-" + i);
            pass(Duration.ofMillis(100));
        }
        assertThat(written()).containsExactly("WARN Refused frame SEND of session s-1");

        pass(Duration.ofMillis(5100));
        log.warn("refused", "Refused frame {} of session {}", "SUBSCRIBE", "s-51");
        assertThat(written()).containsExactly("WARN Refused frame SEND of session s-1",
                "WARN Refused frame SUBSCRIBE of session s-51 (49 more like this since the last one were not logged)");

        // The count starts over; after a quiet interval the next line has nothing left out to report.
        pass(Duration.ofSeconds(10));
        log.warn("refused", "Refused frame {} of session {}", "SEND", "s-52");
        assertThat(written()).last().isEqualTo("WARN Refused frame SEND of session s-52");
    }

    @Test
    void kindsAreLimitedEachOnTheirOwn() {
        log.warn("refused", "Refused {}", 1);
        log.warn("slow", "Too slow {}", 1);
        log.warn("refused", "Refused {}", 2);
        log.warn("slow", "Too slow {}", 2);
        assertThat(written()).containsExactly("WARN Refused 1", "WARN Too slow 1");
    }

    @Test
    void anExceptionStaysTheLastArgumentAfterTheCount() {
        log.warn("failed", "Failed {}", "once", new IllegalStateException("first"));
        log.warn("failed", "Failed {}", "twice", new IllegalStateException("second"));
        pass(Duration.ofSeconds(10));
        log.warn("failed", "Failed {}", "thrice", new IllegalStateException("third"));
        assertThat(written()).containsExactly("WARN Failed once",
                "WARN Failed thrice (1 more like this since the last one were not logged)");
        assertThat(lines.list.get(1).getThrowableProxy().getMessage()).isEqualTo("third");
    }

    @Test
    void zeroWritesEveryLine() {
        var unlimited = new RateLimitedLog(logger, Duration.ZERO, now::get);
        unlimited.warn("refused", "Refused {}", 1);
        unlimited.warn("refused", "Refused {}", 2);
        assertThat(written()).containsExactly("WARN Refused 1", "WARN Refused 2");
    }

    @Test
    void nothingIsCountedWhileWarningsAreOff() {
        logger.setLevel(Level.ERROR);
        log.warn("refused", "Refused {}", 1);
        logger.setLevel(Level.WARN);
        log.warn("refused", "Refused {}", 2);
        assertThat(written()).containsExactly("WARN Refused 2");
    }

    private void pass(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    private List<String> written() {
        return lines.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    }

}
