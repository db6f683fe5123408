package com.example.shop.live;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.test.context.TestPropertySource;

import com.example.shop.SalesFixture;
import com.example.shop.Shopper;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.shirt;
import static com.example.shop.SalesFixture.shopperFrom;
import static com.example.shop.SalesFixture.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tab that only follows its cart over STOMP (no HTTP request) keeps its HTTP session for as long
 * as its connection is heard from, past the session timeout, and loses it once the connection is
 * gone; a silent connection does not hold it, and a logout still ends it. Real sessions (cookies
 * from the real API, Spring Session JDBC on the test database), real WebSockets, the shop's own
 * scheduled check (every second in the test profile).
 * <p>
 * A context of its own: the session timeout is 3 s here, so that a session outlives it within a
 * test; with the shared context's 30 min nothing would show.
 */
@LiveShop
@TestPropertySource(properties = "server.servlet.session.timeout=3s")
class LiveSessionKeepAliveTests {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    static final HttpClient HTTP = Shopper.client();

    @LocalServerPort
    int port;

    @Autowired
    JdbcIndexedSessionRepository sessions;

    final ScheduledExecutorService heartBeats = Executors.newSingleThreadScheduledExecutor();

    long shirtId;

    @BeforeEach
    void aShirtInStock() {
        Shopper admin = SalesFixture.admin(HTTP, port);
        shirtId = shirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8));
        stock(admin, shirtId, 100, 100);
    }

    @AfterEach
    void stopHeartBeats() {
        heartBeats.shutdownNow();
    }

    Shopper shopperWithCart(String prefix) {
        Shopper shopper = shopperFrom(HTTP, port, prefix);
        assertThat(add(shopper, shirtId, "M", 2).status()).isEqualTo(200);
        return shopper;
    }

    /** The session id behind the shopper's cookie (Spring Session's cookie is its id in Base64). */
    static String sessionId(Shopper shopper) {
        return new String(Base64.getDecoder().decode(shopper.cookie("JSESSIONID")), StandardCharsets.UTF_8);
    }

    /** A tab following its cart, its first message (the cart now) taken. */
    SessionStompClient tab(Shopper shopper) throws InterruptedException {
        SessionStompClient tab = SessionStompClient.connect(port, shopper);
        tab.subscribe("cart", "/user/queue/cart");
        assertThat(StompUserChannelsTests.messages(tab, 1).get(0).json().get("cart").get("items")).hasSize(1);
        return tab;
    }

    /** STOMP heart-beats (an end of line) from the tab, every 250 ms, as stompjs sends them. */
    void heartBeatsFrom(SessionStompClient tab) {
        heartBeats.scheduleAtFixedRate(() -> tab.send("\n"), 0, 250, TimeUnit.MILLISECONDS);
    }

    boolean exists(String sessionId) {
        // Spring Session's own look-up, which answers null for an expired session (and does not touch it).
        return sessions.findById(sessionId) != null;
    }

    @Test
    void aTabHeardFromKeepsItsSessionPastTheTimeoutAndLosesItOnceClosed() throws Exception {
        Shopper ada = shopperWithCart("10.81.");
        String session = sessionId(ada);
        SessionStompClient tab = tab(ada);
        heartBeatsFrom(tab);

        // Three timeouts without a request: the connection stays open, the session stays.
        await().during(TIMEOUT.multipliedBy(3)).atMost(TIMEOUT.multipliedBy(4))
            .until(() -> !tab.closed().isDone() && exists(session));

        tab.close();
        heartBeats.shutdownNow();
        // No longer counted: it expires a timeout after its last renewal.
        await().atMost(TIMEOUT.multipliedBy(4)).until(() -> !exists(session));
        // And the shopper's cookie no longer holds the cart.
        Shopper.Answer cart = ada.get("/cart");
        assertThat(cart.status()).isEqualTo(200);
        assertThat(cart.json().get("items")).isEmpty();
    }

    @Test
    void aSilentConnectionDoesNotHoldItsSessionAndIsClosedWhenItExpires() throws Exception {
        Shopper bob = shopperWithCart("10.82.");
        String session = sessionId(bob);
        // heart-beat:0,0 and nothing after its SUBSCRIBE: open (the idle timeout is a minute), not in use.
        try (SessionStompClient tab = tab(bob)) {
            assertThat(tab.closed().get(TIMEOUT.multipliedBy(4).toSeconds(), TimeUnit.SECONDS)).isNotNull();
            assertThat(exists(session)).isFalse();
        }
    }

    @Test
    void aTabHeardFromIsStillClosedByALogoutAndItsSessionStaysEnded() throws Exception {
        Shopper cy = shopperWithCart("10.83.");
        String session = sessionId(cy);
        SessionStompClient tab = tab(cy);
        heartBeatsFrom(tab);

        Shopper.Answer logout = cy.send("POST", "/logout", "", Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(logout.status()).as(logout.body()).isIn(200, 204, 302);

        assertThat(tab.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(exists(session)).isFalse();
        assertThat(sessions.getClass()).isEqualTo(JdbcIndexedSessionRepository.class);
    }

}
