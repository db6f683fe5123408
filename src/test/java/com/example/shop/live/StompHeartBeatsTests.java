package com.example.shop.live;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.unit.DataSize;

import com.example.shop.web.LogProperties;

import static org.assertj.core.api.Assertions.assertThat;

/** When the shop's heart-beat to a connection falls due, from what was negotiated on CONNECT. */
class StompHeartBeatsTests {

    private final StompHeartBeats heartBeats = new StompHeartBeats(new OutboundSessions(new LogProperties(Duration.ofSeconds(10))), properties(Duration.ofSeconds(10)),
            new ThreadPoolTaskScheduler());

    @Test
    void aClientThatWantsNoneGetsNone() {
        assertThat(heartBeats.dueAfter(0)).isZero();
    }

    @Test
    void theLargerIntervalCountsAndTheSweepLooksOnePeriodEarly() {
        // The sweep runs every second: a heart-beat goes out within the negotiated interval.
        assertThat(heartBeats.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(heartBeats.dueAfter(5000)).isEqualTo(Duration.ofSeconds(9));
        assertThat(heartBeats.dueAfter(30_000)).isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void anyNumberAClientSendsIsTakenAsAtMostADay() {
        assertThat(heartBeats.dueAfter(Long.MAX_VALUE)).isEqualTo(Duration.ofDays(1).minusSeconds(1));
    }

    @Test
    void aShopWithoutHeartBeatsSendsNone() {
        var none = new StompHeartBeats(new OutboundSessions(new LogProperties(Duration.ofSeconds(10))), properties(Duration.ZERO), new ThreadPoolTaskScheduler());
        assertThat(none.dueAfter(10_000)).isZero();
    }

    private static WebSocketProperties properties(Duration heartbeat) {
        return new WebSocketProperties(List.of(), heartbeat, Duration.ofSeconds(10), DataSize.ofKilobytes(256),
                DataSize.ofKilobytes(8), Duration.ofSeconds(30), 4, Duration.ofSeconds(60), false, 16, 10);
    }

}
