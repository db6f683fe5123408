package com.example.shop.live;

import com.example.shop.live.stomp.StompEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.getJson;
import static com.example.shop.ShopFixture.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@LiveShop
class StompSecurityTests {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    StompEndpoint topic;

    @Test
    void aClientsSendIsRefusedAndReachesNoSubscriber() throws Exception {
        RestTestClient http = ShopFixture.client(port, json);
        RestTestClient admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
        try (var subscriber = StompTestClient.connect(port); var forger = StompTestClient.connect(port)) {
            var shirts = subscriber.subscribe("/topic/shirts").awaitRegistered(topic);
            long start = seq(http);

            forger.send("/topic/shirts", """
                    {"type":"shirt.deleted","seq":%d,"occurredAt":"2026-01-01T00:00:00Z","shirt":{"id":1}}"""
                .formatted(start + 1), "forged-1");

            StompTestClient.Frame error = forger.nextError();
            assertThat(error.headers().getFirst("message")).startsWith("Forbidden: only the shop publishes");
            assertThat(error.headers().getFirst("receipt-id")).isEqualTo("forged-1");
            assertThat(error.text()).doesNotContain("Exception", "org.springframework", "\tat ");
            // As STOMP requires, the server closes the connection after an ERROR frame.
            assertThat(forger.closed().get(StompTestClient.WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();

            // Messages keep their order: had the forged one gone through, it would arrive first.
            JsonNode real = create(admin, "Real", "20.00");
            StompTestClient.Frame first = shirts.next();
            assertThat(first.seqHeader()).isEqualTo(start + 1);
            assertThat(json.readTree(first.body()).get("shirt")).isEqualTo(real);
            assertThat(getJson(http, "/shirts/1").get("id").asLong()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/topic/shirts/extra", "/app/shirts", "/queue/shirts", "/user/queue/shirts", "shirts" })
    void sendingAnywhereIsRefused(String destination) throws Exception {
        try (var client = StompTestClient.connect(port)) {
            client.send(destination, "{}", null);
            assertThat(client.nextError().headers().getFirst("message"))
                .isEqualTo("Forbidden: only the shop publishes; clients may not SEND (to " + destination
                        + "). Subscribe to /topic/shirts to receive changes.");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/topic/other", "/topic/shirts/1", "/topic/*", "/topic/**", "/queue/shirts",
            "/user/queue/errors", "/app/shirts" })
    void subscribingToAnythingButTheShirtsIsRefused(String destination) throws Exception {
        try (var client = StompTestClient.connect(port)) {
            client.subscribe(destination);
            StompTestClient.Frame error = client.nextError();
            // The destinations are named in the order their modules registered them.
            assertThat(error.headers().getFirst("message"))
                .startsWith("Forbidden: cannot subscribe to " + destination + "; the destinations are ")
                .contains("/topic/shirts", "/topic/availability", "/user/queue/orders", "/user/queue/cart", "/topic/orders");
            assertThat(client.closed().get(StompTestClient.WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aFrameOverTheStompSizeLimitGetsAnError() throws Exception {
        try (var client = StompTestClient.connect(port)) {
            client.send("/topic/shirts", "x".repeat(12 * 1024), null);
            assertThat(client.nextError().headers().getFirst("message"))
                .isEqualTo("Malformed STOMP frame, or a frame larger than the shop accepts.");
        }
    }

    @Test
    void aFrameUpToTheLimitIsTakenWholeThoughItArrivesInParts() throws Exception {
        // Over 6 KB of two-byte characters: Tomcat hands it on in parts of at most 1,024 characters,
        // the STOMP decoder puts them together, and the subscription with its receipt goes through.
        String padding = "\u00e9".repeat(3000);
        try (var client = RawStompClient.connect(port, "0,0")) {
            client.send("SUBSCRIBE\nid:padded\ndestination:/topic/shirts\nx-padding:" + padding + "\nreceipt:r-padded\n\n\0");
            assertThat(client.next()).startsWith("RECEIPT\n").contains("receipt-id:r-padded");
        }
    }

    @Test
    void aLineBreakInsideAFrameSentInPartsIsNotTakenForAHeartBeat() throws Exception {
        // A message of nothing but a line break between frames is a heart-beat, and ends at the
        // socket; inside a frame (here, the blank line after the headers) it is part of the frame.
        try (var client = RawStompClient.connect(port, "0,0")) {
            client.send("SUBSCRIBE\nid:split\ndestination:/topic/shirts\nreceipt:r-split\n");
            client.send("\n");
            client.send("\0");
            assertThat(client.next()).startsWith("RECEIPT\n").contains("receipt-id:r-split");
        }
    }

    @Test
    void aHugeFrameClosesTheConnection() throws Exception {
        // The STOMP decoder refuses it once it holds more than the limit; the connection is closed.
        try (var client = StompTestClient.connect(port)) {
            try {
                client.send("/topic/shirts", "x".repeat(200 * 1024), null);
            }
            catch (MessageDeliveryException ex) {
                // The server may close the socket while the frame is still being written.
            }
            assertThat(client.closed().get(StompTestClient.WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void aPlainClientConnectsAndSubscribesWithoutAnyCredentials() throws Exception {
        try (var client = StompTestClient.connect(port)) {
            client.subscribe("/topic/shirts").awaitRegistered(topic);
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void aHandshakeFromAForeignOriginIsRefused() {
        HttpClient http = HttpClient.newHttpClient();
        assertThatThrownBy(() -> http.newWebSocketBuilder()
            .header("Origin", "https://evil.example")
            .buildAsync(URI.create("ws://localhost:" + port + "/ws"), new WebSocket.Listener() {
            })
            .join()).isInstanceOf(CompletionException.class)
            .cause()
            .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                    ex -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
        // And a STOMP client sent from that origin gets no session.
        assertThatThrownBy(() -> StompTestClient.connect(port, "https://evil.example"))
            .isInstanceOf(ExecutionException.class);
    }

    @Test
    void theShopsOwnOriginAndListedOriginsMayConnect() throws Exception {
        try (var sameOrigin = StompTestClient.connect(port, "http://localhost:" + port);
                var listed = StompTestClient.connect(port, "https://partner.example")) {
            assertThat(sameOrigin.isConnected()).isTrue();
            assertThat(listed.isConnected()).isTrue();
        }
    }

}
