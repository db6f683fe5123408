package com.example.shop.live.stomp;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

import com.example.shop.live.feed.MemoryLog;
import com.example.shop.live.hub.AccessRule;
import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LiveMessage;
import com.example.shop.live.hub.LivePrincipal;
import com.example.shop.live.outbound.Connections;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * STOMP frames and errors, with the real hub, feed and writers but no server: the endpoint reads
 * what a client would send and writes to a recording session.
 */
class StompEndpointTests {

    private final MemoryLog log = new MemoryLog("e1");

    private final ExecutorService writers = Executors.newFixedThreadPool(2);

    private final LiveHub hub = new LiveHub(List.of(
            new LiveChannel.Log("/topic/things", null, AccessRule.everyone(), log, "things.reload", ""),
            new LiveChannel.State("/user/queue/mine", null, AccessRule.ownShopper("Only a shopper has a cart."),
                    key -> new LiveMessage("mine", Map.of("owner", key), 3L))),
            JsonMapper.builder().build(), Duration.ofMillis(20), Clock.systemUTC());

    private final Connections connections = new Connections(writers, new Connections.Settings(Duration.ofSeconds(10),
            256 * 1024, Integer.MAX_VALUE, Duration.ZERO, Duration.ZERO, 2), Duration.ofMinutes(1));

    private final StompEndpoint endpoint = new StompEndpoint(hub, connections, JsonMapper.builder().build(),
            new StompEndpoint.Settings(Duration.ofSeconds(10), 8 * 1024, 1024, 4, 10, 1000, Duration.ofSeconds(10)),
            Duration.ofMinutes(1));

    private final RecordingWebSocketSession socket = new RecordingWebSocketSession("s1");

    @BeforeEach
    void start() {
        hub.start();
        await().until(() -> hub.feed(log).deliveredSeq() >= 0);
    }

    @AfterEach
    void stop() {
        hub.stop();
        writers.shutdownNow();
    }

    private void open(LivePrincipal principal) {
        socket.getAttributes().put(StompEndpoint.PRINCIPAL, principal);
        endpoint.afterConnectionEstablished(socket);
    }

    private void send(String frame) {
        endpoint.handleMessage(socket, new TextMessage(frame));
    }

    private void connect() throws InterruptedException {
        open(LivePrincipal.ANONYMOUS);
        send("CONNECT\naccept-version:1.1,1.2\nhost:localhost\nheart-beat:0,5000\n\n\0");
        assertThat(socket.next()).isEqualTo("CONNECTED\nversion:1.2\nheart-beat:10000,10000\n\n\0");
    }

    private String errorAndClose() throws InterruptedException {
        String error = socket.next();
        assertThat(error).startsWith("ERROR\n");
        await().until(() -> CloseStatus.PROTOCOL_ERROR.equals(socket.closed));
        return error;
    }

    @Test
    void aSubscriptionGetsItsReceiptThenEveryEntryWithSeqAndEpoch() throws InterruptedException {
        connect();
        send("SUBSCRIBE\nid:sub-0\ndestination:/topic/things\nreceipt:r1\n\n\0");
        assertThat(socket.next()).isEqualTo("RECEIPT\nreceipt-id:r1\n\n\0");
        assertThat(endpoint.isFollowing("sub-0")).isTrue();
        hub.feed(log).committed(log.append(Map.of("n", 1)));
        assertThat(socket.next()).isEqualTo("MESSAGE\ndestination:/topic/things\ncontent-type:application/json\nseq:1\n"
                + "epoch:e1\nsubscription:sub-0\nmessage-id:1\ncontent-length:7\n\n{\"n\":1}\0");
    }

    @Test
    void aResumeIsReplayedBeforeItsReceipt() throws InterruptedException {
        log.append(Map.of("n", 1));
        log.append(Map.of("n", 2));
        hub.feed(log).wake();
        await().until(() -> hub.feed(log).deliveredSeq() == 2);
        connect();
        send("SUBSCRIBE\nid:sub-0\ndestination:/topic/things\nafter:0\nepoch:e1\nreceipt:r1\n\n\0");
        assertThat(socket.next()).contains("\nseq:1\n");
        assertThat(socket.next()).contains("\nseq:2\n");
        assertThat(socket.next()).startsWith("RECEIPT");
    }

    @Test
    void aStateChannelSendsTheSnapshotOfThePrincipalsKey() throws InterruptedException {
        open(new LivePrincipal("alice", false, "h1"));
        send("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
        socket.next();
        send("SUBSCRIBE\nid:cart\ndestination:/user/queue/mine\n\n\0");
        assertThat(socket.next()).contains("\nseq:3\n", "\"owner\":\"alice\"");
        hub.publish("/user/queue/mine", "bob", new LiveMessage("mine", Map.of("owner", "bob"), 4L));
        hub.publish("/user/queue/mine", "alice", new LiveMessage("mine", Map.of("lines", 2), 5L));
        assertThat(socket.next()).contains("\nseq:5\n", "\"lines\":2");
    }

    @Test
    void aRefusalByTheChannelsRuleIsAnErrorAndTheEnd() throws InterruptedException {
        connect();
        send("SUBSCRIBE\nid:cart\ndestination:/user/queue/mine\nreceipt:r9\n\n\0");
        assertThat(errorAndClose()).contains("message:Forbidden\\c Only a shopper has a cart.\n", "receipt-id:r9\n");
        assertThat(endpoint.subscriptions()).isZero();
    }

    @Test
    void aDestinationNoChannelRegistersIsAnError() throws InterruptedException {
        connect();
        send("SUBSCRIBE\nid:x\ndestination:/topic/other\n\n\0");
        assertThat(errorAndClose()).contains("cannot subscribe to /topic/other; the destinations are /topic/things, /user/queue/mine.");
    }

    @Test
    void clientsMayNotSend() throws InterruptedException {
        connect();
        send("SEND\ndestination:/topic/things\n\n{}\0");
        assertThat(errorAndClose()).contains("only the shop publishes");
    }

    @Test
    void aFrameBeforeConnectIsAnError() throws InterruptedException {
        open(LivePrincipal.ANONYMOUS);
        send("SUBSCRIBE\nid:x\ndestination:/topic/things\n\n\0");
        assertThat(errorAndClose()).contains("Send a CONNECT frame first.");
    }

    @Test
    void subscriptionIdsAreBounded() throws InterruptedException {
        connect();
        send("SUBSCRIBE\nid:" + "i".repeat(257) + "\ndestination:/topic/things\n\n\0");
        assertThat(errorAndClose()).contains("at most 256 characters");
    }

    @Test
    void aBadAfterIsAnError() throws InterruptedException {
        connect();
        send("SUBSCRIBE\nid:x\ndestination:/topic/things\nafter:soon\n\n\0");
        assertThat(errorAndClose()).contains("Refused: The after header must be a seq");
    }

    @Test
    void anIdInUseIsAnError() throws InterruptedException {
        connect();
        send("SUBSCRIBE\nid:same\ndestination:/topic/things\nreceipt:r\n\n\0");
        socket.next();
        send("SUBSCRIBE\nid:same\ndestination:/topic/things\n\n\0");
        assertThat(errorAndClose()).contains("'same' is already in use");
    }

    @Test
    void aFrameLargerThanTheLimitIsAnError() throws InterruptedException {
        connect();
        for (int i = 0; i < 9; i++) {
            send(i == 0 ? "SEND\ndestination:/x\n\n" + "x".repeat(1000) : "x".repeat(1000));
        }
        assertThat(errorAndClose()).contains("Malformed STOMP frame, or a frame larger than the shop accepts.");
    }

    @Test
    void aFrameInPartsIsPutTogetherAndHeartBeatsAreSkipped() throws InterruptedException {
        connect();
        send("\n");
        send("SUBSCRIBE\nid:split\ndestina");
        send("tion:/topic/things\nrec");
        send("eipt:r-split\n\n\0");
        assertThat(socket.next()).isEqualTo("RECEIPT\nreceipt-id:r-split\n\n\0");
    }

    @Test
    void unsubscribeAndDisconnectAnswerTheirReceiptsAndLeaveNothing() throws InterruptedException {
        connect();
        send("SUBSCRIBE\nid:a\ndestination:/topic/things\nreceipt:r1\n\n\0");
        socket.next();
        send("UNSUBSCRIBE\nid:a\nreceipt:r2\n\n\0");
        assertThat(socket.next()).isEqualTo("RECEIPT\nreceipt-id:r2\n\n\0");
        assertThat(endpoint.subscriptions()).isZero();
        send("DISCONNECT\nreceipt:bye\n\n\0");
        assertThat(socket.next()).isEqualTo("RECEIPT\nreceipt-id:bye\n\n\0");
        await().until(() -> CloseStatus.NORMAL.equals(socket.closed));
        endpoint.afterConnectionClosed(socket, CloseStatus.NORMAL);
        assertThat(endpoint.sessions()).isZero();
        assertThat(connections.size()).isZero();
        await().until(() -> hub.followers() == 0);
    }

    @Test
    void closingTheSessionClosesItsConnections() throws InterruptedException {
        open(new LivePrincipal(null, false, "http-session-1"));
        assertThat(hub.closeSession("http-session-1")).isOne();
        await().until(() -> CloseStatus.NORMAL.equals(socket.closed));
    }

}
