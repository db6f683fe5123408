package com.example.shop.live;

import java.util.concurrent.ThreadPoolExecutor;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.outbound.Connections;
import com.example.shop.live.sse.SseStreams;
import com.example.shop.live.stomp.StompEndpoint;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;
import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtDetails;
import com.example.shop.catalog.ShirtSize;

import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * What a client can make the live channel hold, and for how long: nothing of a closed connection
 * stays; a resume is paced by its client and limited per connection, and never holds up live
 * changes for long; a subscription id has a bounded length; the stream writers are a bounded pool;
 * a WebSocket must CONNECT in time; and a HEAD of the stream holds nothing. Each test would fail
 * against a shop without the bound it names.
 */
@ShopTest
// A context of its own: small send buffers (so a client reading normally over a narrow socket
// fills the shop's queue), a short time to CONNECT with a long idle timeout (so only the former
// can close a silent socket), two stream writers, and a per-address cap these tests can fill.
@TestPropertySource(properties = {
        "shop.websocket.send-buffer-size-limit=16KB",
        "shop.websocket.time-to-first-message=1s",
        "shop.websocket.idle-timeout=60s",
        "shop.live.max-connections-per-address=60",
        "shop.sse.sender-threads=2",
        "shop.sse.timeout=10m" })
@Import(HostileClientsTests.SmallSocketBuffers.class)
class LiveBoundsTests {

    static final String DESCRIPTION = "x".repeat(2000);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    LiveConnections connections;

    @Autowired
    LiveHub feed;

    @Autowired
    StompEndpoint topic;

    @Autowired
    SseStreams stream;

    @Autowired
    Connections stompConnections;

    @Autowired
    ThreadPoolExecutor sseWriters;

    // For the backlogs of the replay tests only: 500 changes through HTTP Basic (a password hash
    // each) would take a minute, and what is tested here is how the changes reach clients.
    @Autowired
    Catalog catalog;

    RestTestClient http;

    RestTestClient admin;

    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void nothingLiveLeft() {
        http = ShopFixture.client(port, json);
        admin = ShopFixture.asAdmin(http, ShopTest.PASSWORD);
        await().atMost(RawStompClient.WAIT).until(() -> connections.open() == 0);
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void aClosedConnectionLeavesNothingInTheFeedOrTheTopic() throws Exception {
        long seq = currentSeq();
        List<RawStompClient> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RawStompClient client = RawStompClient.connect(port, "0,0");
            clients.add(client);
            client.send("SUBSCRIBE\nid:live\ndestination:/topic/shirts\n\n\0");
            client.send("SUBSCRIBE\nid:resumed\ndestination:/topic/shirts\nafter:" + seq + "\nreceipt:r\n\n\0");
            assertThat(client.next()).startsWith("RECEIPT");
        }
        try (var streamClient = new EventStreamClient(port, "/shirts/stream", null)) {
            ShirtStreamTests.startOf(streamClient);
            assertThat(feed.followers()).isEqualTo(101);
        }
        clients.forEach(RawStompClient::close);
        // No change is committed meanwhile: the closed ones are gone at once, not at the next change.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(feed.followers()).isZero();
            assertThat(topic.sessions()).isZero();
            assertThat(topic.subscriptions()).isZero();
            assertThat(stompConnections.size()).isZero();
            assertThat(stream.streams()).isZero();
        });
    }

    @Test
    void aConnectionMayResumeAtMostTenTimesAMinute() throws Exception {
        long seq = currentSeq();
        try (var client = RawStompClient.connect(port, "0,0")) {
            for (int i = 1; i <= 10; i++) {
                client.send("SUBSCRIBE\nid:r-" + i + "\ndestination:/topic/shirts\nafter:" + seq + "\nreceipt:r-" + i
                        + "\n\n\0");
                assertThat(client.next()).startsWith("RECEIPT");
                client.send("UNSUBSCRIBE\nid:r-" + i + "\n\n\0");
            }
            client.send("SUBSCRIBE\nid:r-11\ndestination:/topic/shirts\nafter:" + seq + "\n\n\0");
            assertThat(client.next()).startsWith("ERROR")
                .contains("At most 10 SUBSCRIBE frames with after per minute", "shop.websocket.max-replays-per-minute");
            assertThat(client.closed()).succeedsWithin(RawStompClient.WAIT);
        }
    }

    @Test
    void aSubscriptionIdLongerThan256CharactersIsRefused() throws Exception {
        try (var client = RawStompClient.connect(port, "0,0")) {
            client.send("SUBSCRIBE\nid:" + "i".repeat(256) + "\ndestination:/topic/shirts\nreceipt:fits\n\n\0");
            assertThat(client.next()).startsWith("RECEIPT").contains("receipt-id:fits");
            client.send("SUBSCRIBE\nid:" + "j".repeat(257) + "\ndestination:/topic/shirts\n\n\0");
            assertThat(client.next()).startsWith("ERROR").contains("at most 256 characters");
            assertThat(client.closed()).succeedsWithin(RawStompClient.WAIT);
        }
    }

    @Test
    void aClientReadingOverANarrowSocketGetsAReplayLargerThanTheSendBuffer() throws Exception {
        long before = currentSeq();
        for (int i = 0; i < 40; i++) {
            addShirt("Replayed " + i, DESCRIPTION);
        }
        // About 100 KB of changes for a queue of at most 16 KB, through a socket that holds a few KB.
        NarrowStompClient client = new NarrowStompClient(openWebSocket("127.0.0.1", true));
        client.send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0");
        assertThat(client.next()).startsWith("CONNECTED");
        client.send("SUBSCRIBE\nid:all\ndestination:/topic/shirts\nafter:" + before + "\nreceipt:done\n\n\0");
        for (long seq = before + 1; seq <= before + 40; seq++) {
            assertThat(client.next()).startsWith("MESSAGE").contains("\nseq:" + seq + "\n");
        }
        assertThat(client.next()).startsWith("RECEIPT").contains("receipt-id:done");
    }

    @Test
    void replaysDoNotHoldUpLiveChanges() throws Exception {
        long before = currentSeq();
        for (int i = 0; i < 1000; i++) {
            addShirt("Backlog " + i, null);
        }
        try (var upToDate = RawStompClient.connect(port, "0,0")) {
            upToDate.send("SUBSCRIBE\nid:now\ndestination:/topic/shirts\nreceipt:r\n\n\0");
            assertThat(upToDate.next()).startsWith("RECEIPT");
            // Eighty subscriptions resuming 1,000 changes back, on twenty connections whose clients
            // read nothing for now: their replays wait for them, live changes do not.
            for (int i = 0; i < 20; i++) {
                NarrowStompClient resuming = new NarrowStompClient(openWebSocket("127.0.0.1", true));
                resuming.send("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0");
                for (int s = 0; s < 4; s++) {
                    resuming.send("SUBSCRIBE\nid:s-" + s + "\ndestination:/topic/shirts\nafter:" + before + "\n\n\0");
                }
            }
            long id = createShirt("Live while replaying");
            long committed = System.nanoTime();
            String message = upToDate.next();
            long millis = Duration.ofNanos(System.nanoTime() - committed).toMillis();
            assertThat(message).startsWith("MESSAGE").contains("\"id\":" + id + ",");
            // 100 ms on a quiet machine; this one is shared with other builds.
            assertThat(millis).as("delay of a live change behind 80 replays").isLessThan(500);
        }
    }

    @Test
    void theStreamWritersAreABoundedPool() throws Exception {
        // Four streams whose clients never read: each blocks a writer once its socket is full.
        for (int i = 0; i < 4; i++) {
            assertThat(openStream("127.0.0.1", true)).isEqualTo(200);
        }
        await().atMost(RawStompClient.WAIT).until(() -> stream.streams() == 4);
        for (int i = 0; i < 12; i++) {
            createShirt("Unread " + i);
        }
        // Both writers are taken by clients that do not read; no third is started for the others.
        // (Counted by the pool: other shops of the test run have sse-send threads of their own.)
        await().atMost(RawStompClient.WAIT).until(() -> sseWriters.getLargestPoolSize() == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> sseWriters.getLargestPoolSize() <= 2);
    }

    @Test
    void aWebSocketThatSendsNoConnectIsClosedAfterTheTimeToFirstMessage() throws Exception {
        try (var silent = RawStompClient.open(port)) {
            // Heart-beats are not a CONNECT.
            silent.send("\n");
            // time-to-first-message is 1 s, the idle timeout 60 s.
            assertThat(silent.closed()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1008);
        }
        try (var connected = RawStompClient.connect(port, "0,0")) {
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !connected.closed().isDone());
        }
    }

    @Test
    void aHeadOfTheStreamHoldsNoStreamAndEveryMethodCountsAgainstTheCaps() throws Exception {
        Socket head = openSocket("127.0.0.8", false, "HEAD /shirts/stream HTTP/1.1\r\nHost: localhost\r\n\r\n");
        String answer = head(head.getInputStream());
        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("text/event-stream");
        // The socket stays open, the answer is complete: no stream, no live connection held.
        await().atMost(RawStompClient.WAIT).until(() -> connections.open() == 0 && stream.streams() == 0);

        // An address at its cap is refused whatever the method.
        for (int i = 0; i < 60; i++) {
            assertThat(openStream("127.0.0.7", false)).isEqualTo(200);
        }
        for (String method : List.of("HEAD", "POST", "OPTIONS", "PUT")) {
            Socket refused = openSocket("127.0.0.7", false,
                    method + " /shirts/stream HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
            assertThat(head(refused.getInputStream())).as(method).startsWith("HTTP/1.1 429");
        }
    }

    private long currentSeq() {
        return ShopFixture.getJson(http, "/shirts").get("seq").asLong();
    }

    private long createShirt(String name) {
        ResponseSpec created = admin.post().uri("/shirts")
            .contentType(APPLICATION_JSON)
            .body("{\"name\":\"" + name + "\",\"color\":\"white\",\"sizes\":[\"M\"],"
                    + "\"price\":10.00,\"description\":\"" + DESCRIPTION + "\"}")
            .exchange();
        created.expectStatus().isCreated();
        return json.readTree(text(created)).get("id").asLong();
    }

    private void addShirt(String name, @Nullable String description) {
        catalog.create(new ShirtDetails(name, "white", Set.of(ShirtSize.M), new BigDecimal("10.00"), description), null);
    }

    private int openStream(String address, boolean stall) throws IOException {
        Socket socket = openSocket(address, stall,
                "GET /shirts/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
        return Integer.parseInt(head(socket.getInputStream()).split(" ")[1]);
    }

    private Socket openWebSocket(String address, boolean narrow) throws IOException {
        Socket socket = openSocket(address, narrow, "GET /ws HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: v12.stomp\r\n\r\n");
        assertThat(head(socket.getInputStream())).startsWith("HTTP/1.1 101");
        return socket;
    }

    /** A socket from {@code address} that has sent {@code request}; a narrow one has a tiny receive buffer. */
    private Socket openSocket(String address, boolean narrow, String request) throws IOException {
        Socket socket = new Socket();
        if (narrow) {
            socket.setReceiveBufferSize(1024);
        }
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(15_000);
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

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

    /**
     * A STOMP client on a raw WebSocket that reads every frame as it comes, through a socket with
     * a tiny receive buffer: a client on a slow link that still reads normally.
     */
    static final class NarrowStompClient {

        private final Socket socket;

        private final InputStream in;

        NarrowStompClient(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        void send(String frame) throws IOException {
            byte[] payload = frame.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x81);
            if (payload.length < 126) {
                out.write(0x80 | payload.length);
            }
            else {
                out.write(0x80 | 126);
                out.write(payload.length >> 8);
                out.write(payload.length & 0xff);
            }
            byte[] mask = { 1, 2, 3, 4 };
            out.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i % 4]);
            }
            socket.getOutputStream().write(out.toByteArray());
            socket.getOutputStream().flush();
        }

        /** The next STOMP frame (heart-beats skipped); fails on a close frame, with its code. */
        String next() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int first = in.read();
                int second = in.read();
                if (first < 0 || second < 0) {
                    throw new AssertionError("The shop closed the connection");
                }
                long length = second & 0x7f;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                }
                else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                int opcode = first & 0x0f;
                if (opcode == 8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 0;
                    throw new AssertionError("The shop closed the connection with " + code + ": "
                            + new String(payload, 2, Math.max(0, payload.length - 2), StandardCharsets.UTF_8));
                }
                message.writeBytes(payload);
                if ((first & 0x80) != 0) {
                    String frame = message.toString(StandardCharsets.UTF_8);
                    message.reset();
                    if (!frame.isBlank()) {
                        return frame;
                    }
                }
            }
        }

    }

}
