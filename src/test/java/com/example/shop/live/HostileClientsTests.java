package com.example.shop.live;

import com.example.shop.live.sse.SseStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;
import static org.springframework.http.HttpHeaders.LOCATION;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * What one anonymous client can do to the live channel, tried as a hostile client would, with raw
 * frames and raw sockets; and that the shop stays answering for everyone else. Small limits, so
 * that filling them is quick: at most 8 live connections, 4 per address, idle STOMP connections
 * closed after 2 s, stalled subscribers and streams after 2 s, heart-beats every second.
 */
@ShopTest
// A context of its own: these tests fill the live channel up to its limits, which would turn away
// the clients of every other test class sharing the shop, and they want those limits small.
@TestPropertySource(properties = {
        "shop.live.max-connections=8",
        "shop.live.max-connections-per-address=4",
        "shop.websocket.idle-timeout=2s",
        "shop.websocket.heartbeat=1s",
        "shop.websocket.send-time-limit=2s",
        // Two stalled subscribers hold half the writers: they are disconnected after 0.5 s.
        "shop.websocket.outbound-threads=4",
        "shop.sse.send-timeout=2s",
        // A stream stays open for as long as a test holds it (the test profile ends streams after 2 s).
        "shop.sse.timeout=10m" })
@Import(HostileClientsTests.SmallSocketBuffers.class)
@ExtendWith(OutputCaptureExtension.class)
class HostileClientsTests {

    static final String PASSWORD = ShopTest.PASSWORD;

    /**
     * Small server socket send buffers, so that a client that stops reading blocks the shop's
     * writes after a few kilobytes instead of megabytes.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class SmallSocketBuffers {

        @Bean
        TomcatConnectorCustomizer smallSendBuffers() {
            return connector -> connector.setProperty("socket.txBufSize", "4096");
        }

    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    LiveConnections connections;

    @Autowired
    SseStreams stream;

    RestTestClient http;

    RestTestClient admin;

    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void noLiveConnectionsLeft() {
        http = ShopFixture.client(port, json);
        admin = ShopFixture.asAdmin(http, PASSWORD);
        await().atMost(RawStompClient.WAIT).until(() -> connections.open() == 0);
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void aFifthSubscriptionIsRefusedAndTheConnectionClosed() throws Exception {
        try (var client = RawStompClient.connect(port, "0,0")) {
            for (int i = 1; i <= 4; i++) {
                client.subscribe("sub-" + i, null);
            }
            client.subscribe("sub-5", null);
            String error = client.next();
            assertThat(error).startsWith("ERROR").contains("At most 4 subscriptions", "shop.websocket.max-subscriptions");
            assertThat(client.closed()).succeedsWithin(RawStompClient.WAIT);
        }
    }

    @Test
    void aSubscriptionIdAlreadyInUseIsRefused() throws Exception {
        try (var client = RawStompClient.connect(port, "0,0")) {
            client.subscribe("same", null);
            client.subscribe("same", null);
            assertThat(client.next()).startsWith("ERROR").contains("'same' is already in use");
            assertThat(client.closed()).succeedsWithin(RawStompClient.WAIT);
        }
    }

    @Test
    void anAfterThatIsNotASeqIsRefused() throws Exception {
        for (String after : List.of("abc", "-1", "1e3", "99999999999999999999999")) {
            try (var client = RawStompClient.connect(port, "0,0")) {
                client.subscribe("resume", after);
                assertThat(client.next()).startsWith("ERROR").contains("after header must be a seq");
                assertThat(client.closed()).succeedsWithin(RawStompClient.WAIT);
            }
        }
    }

    @Test
    void aSilentConnectionIsClosedWhateverHeartBeatItNegotiated() throws Exception {
        ScheduledExecutorService heartBeats = Executors.newSingleThreadScheduledExecutor();
        try (var silent = RawStompClient.connect(port, "0,0"); var beating = RawStompClient.connect(port, "500,0")) {
            heartBeats.scheduleAtFixedRate(() -> beating.send("\n"), 0, 500, TimeUnit.MILLISECONDS);
            assertThat(silent.closed()).succeedsWithin(RawStompClient.WAIT).isEqualTo(4000);
            // One that sends heart-beats stays, well past the idle timeout.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> !beating.closed().isDone());
        }
        finally {
            heartBeats.shutdownNow();
        }
    }

    @Test
    void aWebSocketThatNeverSendsConnectIsClosed() throws Exception {
        Socket silent = openWebSocket("127.0.0.1", false);
        // The first byte the shop sends is that of a close frame (final, opcode 8).
        assertThat(silent.getInputStream().read()).isEqualTo(0x88);
        await().atMost(RawStompClient.WAIT).until(() -> connections.open() == 0);
    }

    @Test
    void theShopSendsNoHeartBeatsToAClientThatAsksForNone() throws Exception {
        // heart-beat:500,0: the client sends them, and wants none back (STOMP 1.2).
        ScheduledExecutorService heartBeats = Executors.newSingleThreadScheduledExecutor();
        try (var client = RawStompClient.connect(port, "500,0")) {
            heartBeats.scheduleAtFixedRate(() -> client.send("\n"), 0, 500, TimeUnit.MILLISECONDS);
            // The shop's interval is 1 s here: three of them without a heart-beat.
            await().during(Duration.ofSeconds(3)).atMost(RawStompClient.WAIT)
                .until(() -> client.heartBeatsReceived() == 0 && !client.closed().isDone());
        }
        finally {
            heartBeats.shutdownNow();
        }
    }

    @Test
    void aClientThatReceivesChangesGetsNoHeartBeatsBetweenThem() throws Exception {
        // A heart-beat every 3 s, negotiated; a change every few hundred milliseconds for longer
        // than two of those intervals. The changes show that the shop is there: no heart-beat.
        long id = createShirt("Busy", "A shirt whose price keeps changing.");
        ScheduledExecutorService heartBeats = Executors.newSingleThreadScheduledExecutor();
        try (var client = RawStompClient.connect(port, "500,3000")) {
            client.send("SUBSCRIBE\nid:busy\ndestination:/topic/shirts\nreceipt:r-busy\n\n\0");
            assertThat(client.next()).startsWith("RECEIPT\n");
            // From here on, only this thread sends (one send at a time on a WebSocket).
            heartBeats.scheduleAtFixedRate(() -> client.send("\n"), 0, 500, TimeUnit.MILLISECONDS);
            Instant end = Instant.now().plusMillis(6500);
            int changes = 0;
            while (Instant.now().isBefore(end)) {
                ShopFixture.changePrice(admin, id, "2" + (changes++ % 10) + ".00");
                assertThat(client.next()).startsWith("MESSAGE\n");
            }
            assertThat(client.heartBeatsReceived()).isZero();
        }
        finally {
            heartBeats.shutdownNow();
        }
    }

    @Test
    void theShopSendsHeartBeatsToAClientThatAsksForThem() throws Exception {
        ScheduledExecutorService heartBeats = Executors.newSingleThreadScheduledExecutor();
        try (var client = RawStompClient.connect(port, "500,1000")) {
            heartBeats.scheduleAtFixedRate(() -> client.send("\n"), 0, 500, TimeUnit.MILLISECONDS);
            await().atMost(RawStompClient.WAIT).until(() -> client.heartBeatsReceived() >= 3);
            assertThat(client.closed()).isNotDone();
        }
        finally {
            heartBeats.shutdownNow();
        }
    }

    @Test
    void refusedFramesAreLoggedAsOneWarningLineHoweverManyConnectionsSendThem(CapturedOutput output)
            throws Exception {
        // Connection churn: each connection sends one refused frame, gets its ERROR and is closed.
        // The first is logged; the others, within shop.log.warn-interval (10 s), are only counted.
        // (No other test of this class sends SEND, so the first line of the kind is this test's.)
        for (int i = 0; i < 20; i++) {
            try (var client = RawStompClient.connect(port, "0,0")) {
                client.send("SEND\ndestination:/topic/shirts\n\n{\"type\":\"shirt.created\"}\0");
                assertThat(client.next()).startsWith("ERROR");
                assertThat(client.closed()).succeedsWithin(RawStompClient.WAIT);
            }
            await().atMost(RawStompClient.WAIT).until(() -> connections.open() == 0);
        }
        await().atMost(RawStompClient.WAIT).until(() -> output.getOut().contains("Refused a STOMP SEND frame"));
        List<String> lines = output.getOut().lines().filter(line -> line.contains("Refused a STOMP")).toList();
        assertThat(lines).singleElement().asString().contains("WARN");
        assertThat(output.getOut()).doesNotContain("\tat org.springframework.messaging");
    }

    @Test
    void aFullLiveChannelLeavesTheApiTheAdminAndHealthChecksAnswering() throws Exception {
        // Four streams from one address: the fifth live connection from it, a WebSocket, is refused.
        for (int i = 0; i < 4; i++) {
            assertThat(openStream("127.0.0.1", false)).isEqualTo(200);
        }
        Handshake perAddress = webSocketHandshake("127.0.0.1");
        assertThat(perAddress.status()).isEqualTo(429);
        assertThat(perAddress.head()).containsIgnoringCase("Retry-After:").containsIgnoringCase("application/problem+json");
        assertThat(perAddress.body()).contains("shop.live.max-connections-per-address");
        // Another address may still connect, until all eight are taken: then 503 for everyone.
        for (int i = 0; i < 4; i++) {
            assertThat(openStream("127.0.0.2", false)).isEqualTo(200);
        }
        Handshake full = webSocketHandshake("127.0.0.3");
        assertThat(full.status()).isEqualTo(503);
        assertThat(full.head()).containsIgnoringCase("Retry-After:");
        assertThat(json.readTree(full.body()).get("title").asString()).isEqualTo("Live channel full");
        // The rest of the shop answers as ever: the catalog, health, and the admin logging in.
        http.get().uri("/shirts").exchange().expectStatus().isOk();
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
        admin.get().uri("/admin").exchange().expectStatus().isOk();
        http.post().uri("/login")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded").body("username=admin&password=" + PASSWORD)
            .exchange()
            .expectStatus().isFound()
            .expectHeader().value(LOCATION, location -> assertThat(location).endsWith("/admin"));
        // A closed connection gives its place back.
        sockets.get(0).close();
        await().atMost(RawStompClient.WAIT).until(() -> webSocketHandshake("127.0.0.1").status() == 101);
    }

    @Test
    void theCapPerAddressCountsTheRealClientAndAnIpv6Slash64AsOne() throws Exception {
        // From 127.0.0.2, which is not the trusted proxy (127.0.0.1 in the test profile): each stream
        // claims another address, in both kinds of forwarded header, and all count as 127.0.0.2.
        for (int i = 1; i <= 4; i++) {
            assertThat(openStream("127.0.0.2", false, "Forwarded: for=198.51.100." + i,
                    "X-Forwarded-For: 198.51.100." + i)).isEqualTo(200);
        }
        assertThat(openStream("127.0.0.2", false, "Forwarded: for=198.51.100.5", "X-Forwarded-For: 198.51.100.5"))
            .isEqualTo(429);
        closeSockets();
        sockets.clear();
        await().atMost(RawStompClient.WAIT).until(() -> connections.open() == 0);
        // Through the proxy, the client it names counts; four addresses of one /64 are one client.
        for (int i = 1; i <= 4; i++) {
            assertThat(openStream("127.0.0.1", false, "X-Forwarded-For: 2001:db8:5:5::" + i)).isEqualTo(200);
        }
        assertThat(openStream("127.0.0.1", false, "X-Forwarded-For: 2001:db8:5:5:ffff::1")).isEqualTo(429);
        assertThat(openStream("127.0.0.1", false, "X-Forwarded-For: 2001:db8:5:6::1")).isEqualTo(200);
        assertThat(openStream("127.0.0.1", false, "X-Forwarded-For: 198.51.100.1")).isEqualTo(200);
    }

    @Test
    void streamsWhoseClientsStopReadingAreClosedWithoutHoldingUpTheOthers() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(openStream("127.0.0.1", true)).isEqualTo(200);
        }
        try (var reader = new EventStreamClient(port, "/shirts/stream", null)) {
            ShirtStreamTests.startOf(reader);
            String description = "x".repeat(2000);
            for (int i = 0; i < 12; i++) {
                ResponseSpec created = admin.post().uri("/shirts")
                    .contentType(APPLICATION_JSON)
                    .body("{\"name\":\"Stall " + i + "\",\"color\":\"white\",\"sizes\":[\"M\"],"
                            + "\"price\":10.00,\"description\":\"" + description + "\"}")
                    .exchange();
                created.expectStatus().isCreated();
                long id = json.readTree(text(created)).get("id").asLong();
                // Every change reaches the client that reads, on time, while three stall.
                JsonNode change = json.readTree(reader.next(Duration.ofSeconds(3)).data());
                assertThat(change.at("/shirt/id").asLong()).isEqualTo(id);
            }
            await().atMost(RawStompClient.WAIT).until(() -> stream.streams() == 1);
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsDisconnectedWithoutHoldingUpTheOthers() throws Exception {
        ScheduledExecutorService heartBeats = Executors.newSingleThreadScheduledExecutor();
        try (var reader = RawStompClient.connect(port, "500,0")) {
            reader.send("SUBSCRIBE\nid:reader\ndestination:/topic/shirts\nreceipt:r-reader\n\n\0");
            assertThat(reader.next()).startsWith("RECEIPT");
            // Both subscribers send heart-beats, so neither is idle; the stalling one only never reads.
            List<OutputStream> stalling = List.of(openStallingSubscriber());
            await().atMost(RawStompClient.WAIT).until(() -> connections.open() == 2);
            sendHeartBeats(heartBeats, reader, stalling);

            // Well within Tomcat's own bound on a write (20 s): the shop's send time limit, 2 s here.
            Instant deadline = Instant.now().plus(RawStompClient.WAIT);
            String description = "x".repeat(2000);
            for (int i = 0; connections.open() == 2; i++) {
                assertThat(Instant.now()).as("the stalled subscriber is disconnected in time").isBefore(deadline);
                long id = createShirt("Stalled " + i, description);
                // Every change reaches the subscriber that reads, on time, while the other stalls.
                assertThat(reader.next()).startsWith("MESSAGE").contains("\"id\":" + id + ",");
            }
            assertThat(reader.closed()).isNotDone();
        }
        finally {
            heartBeats.shutdownNow();
        }
    }

    @Test
    void subscribersThatStopReadingTogetherAreDisconnectedBeforeTheyHoldUpTheOthers(CapturedOutput output)
            throws Exception {
        // Two of the four writer threads held by clients that never read: the shop does not wait
        // for the send time limit (2 s here) but disconnects them once their writes are 0.5 s old.
        ScheduledExecutorService heartBeats = Executors.newSingleThreadScheduledExecutor();
        try (var reader = RawStompClient.connect(port, "500,0")) {
            reader.send("SUBSCRIBE\nid:reader\ndestination:/topic/shirts\nreceipt:r-reader\n\n\0");
            assertThat(reader.next()).startsWith("RECEIPT");
            List<OutputStream> stalling = List.of(openStallingSubscriber(), openStallingSubscriber());
            await().atMost(RawStompClient.WAIT).until(() -> connections.open() == 3);
            sendHeartBeats(heartBeats, reader, stalling);

            Instant deadline = Instant.now().plus(RawStompClient.WAIT);
            String description = "x".repeat(2000);
            for (int i = 0; connections.open() > 1; i++) {
                assertThat(Instant.now()).as("the stalled subscribers are disconnected in time").isBefore(deadline);
                long id = createShirt("Held up " + i, description);
                assertThat(reader.next()).startsWith("MESSAGE").contains("\"id\":" + id + ",");
            }
            assertThat(reader.closed()).isNotDone();
            // Disconnected for holding the writers, not by the send time limit.
            assertThat(output).contains("subscribers that stopped reading while they held 2 of the writer threads");
            assertThat(output).doesNotContain("Disconnecting a subscriber that cannot keep up");
        }
        finally {
            heartBeats.shutdownNow();
        }
    }

    /** A subscriber to the shirts that never reads (a tiny receive buffer); answers the stream to send its heart-beats on. */
    private OutputStream openStallingSubscriber() throws IOException {
        OutputStream out = openWebSocket("127.0.0.1", true).getOutputStream();
        out.write(maskedTextFrame("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:500,0\n\n\0"));
        out.write(maskedTextFrame("SUBSCRIBE\nid:stalled\ndestination:/topic/shirts\n\n\0"));
        out.flush();
        return out;
    }

    /** Heart-beats every 500 ms from the reader and from the stalling subscribers, so that none is idle. */
    private static void sendHeartBeats(ScheduledExecutorService heartBeats, RawStompClient reader,
            List<OutputStream> stalling) {
        heartBeats.scheduleAtFixedRate(() -> {
            reader.send("\n");
            for (OutputStream out : stalling) {
                try {
                    out.write(maskedTextFrame("\n"));
                    out.flush();
                }
                catch (IOException closed) {
                    // The shop closed the connection: what these tests wait for.
                }
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    private long createShirt(String name, String description) {
        ResponseSpec created = admin.post().uri("/shirts")
            .contentType(APPLICATION_JSON)
            .body("{\"name\":\"" + name + "\",\"color\":\"white\",\"sizes\":[\"M\"],"
                    + "\"price\":10.00,\"description\":\"" + description + "\"}")
            .exchange();
        created.expectStatus().isCreated();
        return json.readTree(text(created)).get("id").asLong();
    }

    /** Opens a WebSocket to /ws from {@code address}; a stalling client sets a tiny receive buffer and never reads. */
    private Socket openWebSocket(String address, boolean stall) throws IOException {
        Socket socket = openSocket(address, stall, "GET /ws HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: v12.stomp\r\n\r\n");
        assertThat(statusLine(socket.getInputStream())).startsWith("HTTP/1.1 101");
        return socket;
    }

    /** A client's WebSocket text frame: final, and masked, as every frame from a client must be. */
    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        var frame = new java.io.ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        }
        else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = { 0x12, 0x34, 0x56, 0x78 };
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    /** Opens /shirts/stream from {@code address}; a stalling client sets a tiny receive buffer and never reads. */
    private int openStream(String address, boolean stall, String... headers) throws IOException {
        Socket socket = openSocket(address, stall, "GET /shirts/stream HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept: text/event-stream\r\n" + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList())
                + "\r\n");
        return Integer.parseInt(statusLine(socket.getInputStream()).split(" ")[1]);
    }

    /** A socket from {@code address} to the shop that has sent {@code request}; a stalling one has a tiny receive buffer. */
    private Socket openSocket(String address, boolean stall, String request) throws IOException {
        Socket socket = new Socket();
        if (stall) {
            socket.setReceiveBufferSize(1024);
        }
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    record Handshake(int status, String head, String body) {
    }

    /** A WebSocket handshake from {@code address} with a raw socket, to see the refusal as sent. */
    private Handshake webSocketHandshake(String address) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: v12.stomp\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = head(in);
        int status = Integer.parseInt(head.split(" ")[1]);
        String body = "";
        if (status != 101) {
            int length = head.lines()
                .filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(15).strip()))
                .findFirst()
                .orElse(0);
            body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        return new Handshake(status, head, body);
    }

    private static String statusLine(InputStream in) throws IOException {
        return head(in).lines().findFirst().orElseThrow();
    }

    /** Reads an HTTP response head, up to the empty line. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

}
