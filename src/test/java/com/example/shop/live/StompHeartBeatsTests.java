package com.example.shop.live;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.example.shop.live.stomp.StompHeartBeats;

import static org.assertj.core.api.Assertions.assertThat;

/** When the shop's heart-beat to a connection falls due, from what was negotiated on CONNECT. */
class StompHeartBeatsTests {

    private final StompHeartBeats heartBeats = new StompHeartBeats(Duration.ofSeconds(10).toMillis());

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
        var none = new StompHeartBeats(0);
        assertThat(none.dueAfter(10_000)).isZero();
    }

}
