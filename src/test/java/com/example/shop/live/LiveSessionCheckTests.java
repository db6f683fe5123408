package com.example.shop.live;

import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;

import com.example.shop.ShopTest;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipal;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session check against the shop's real session store (Spring Session JDBC on the test
 * database): connections of a session that is gone are closed, those of a live session are not.
 */
@ShopTest
class LiveSessionCheckTests {

    @Autowired
    JdbcIndexedSessionRepository sessions;

    @Autowired
    JsonMapper json;

    @Test
    void closesTheConnectionsOfEndedSessionsOnly() {
        LiveHub hub = new LiveHub(List.of(), json, Duration.ofHours(1), Clock.systemUTC());
        String live = newSession();
        String ending = newSession();
        AtomicInteger closedLive = new AtomicInteger();
        AtomicInteger closedEnding = new AtomicInteger();
        hub.opened(new LivePrincipal("a", false, live), closer(closedLive));
        hub.opened(new LivePrincipal("b", false, ending), closer(closedEnding));
        hub.opened(new LivePrincipal("b", false, ending), closer(closedEnding));

        assertThat(LiveSessionCheck.check(hub, sessions)).isZero();
        sessions.deleteById(ending);
        assertThat(LiveSessionCheck.check(hub, sessions)).isEqualTo(2);

        assertThat(closedEnding.get()).isEqualTo(2);
        assertThat(closedLive.get()).isZero();
        assertThat(hub.sessionIds()).containsExactly(live);
    }

    /** A session saved in the store, as a request would leave it; answers its id. */
    private String newSession() {
        var session = sessions.createSession();
        sessions.save(session);
        return ((org.springframework.session.Session) session).getId();
    }

    private static Closeable closer(AtomicInteger closed) {
        return closed::incrementAndGet;
    }

}
