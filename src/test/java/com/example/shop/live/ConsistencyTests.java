package com.example.shop.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;

import com.example.shop.ShopFixture;

import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.changePrice;
import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.delete;
import static com.example.shop.ShopFixture.seq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@LiveShop
class ConsistencyTests {

    private static final int WRITERS = 4;

    private static final int WRITES_EACH = 15;

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Test
    void aClientFollowingTheRuleEndsWithExactlyTheServersCatalog() throws Exception {
        RestTestClient http = ShopFixture.client(port, json);
        RestTestClient admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
        AtomicInteger writes = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (var stomp = StompTestClient.connect(port)) {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(CompletableFuture.runAsync(() -> write(admin, writer, writes), pool));
            }
            CompletableFuture<Void> allWritten = CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new));

            // The client arrives while the writers are busy, and follows the rule of docs/live.md.
            await().atMost(StompTestClient.WAIT).until(() -> writes.get() >= WRITERS);
            CatalogFollower follower = new CatalogFollower(http, json);
            follower.load();
            var shirts = stomp.subscribe("/topic/shirts");
            follower.catchUp();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!(allWritten.isDone() && follower.last() == seq(http))) {
                assertThat(Instant.now()).as("the follower keeps up").isBefore(deadline);
                StompTestClient.Frame message = shirts.messages().poll(100, TimeUnit.MILLISECONDS);
                if (message != null) {
                    follower.onMessage(message.body());
                }
            }
            allWritten.join();

            CatalogFollower server = new CatalogFollower(http, json);
            server.load();
            assertThat(follower.last()).isEqualTo(server.last());
            assertThat(follower.shirts()).isEqualTo(server.shirts());
            assertThat(follower.appliedFromMessages()).as("changes applied from live messages").isPositive();
            assertThat(writes.get()).isEqualTo(WRITERS * WRITES_EACH);
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** One writer: creates, reprices and deletes shirts of its own, through the REST API. */
    private static void write(RestTestClient admin, int writer, AtomicInteger writes) {
        Random random = new Random(writer);
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < WRITES_EACH; i++) {
            int choice = mine.isEmpty() ? 0 : random.nextInt(3);
            if (choice == 0) {
                mine.add(create(admin, "Writer " + writer + " shirt " + i, "20.00").get("id").asLong());
            }
            else if (choice == 1) {
                changePrice(admin, mine.get(random.nextInt(mine.size())), 20 + random.nextInt(50) + ".00");
            }
            else {
                delete(admin, mine.remove(random.nextInt(mine.size())));
            }
            writes.incrementAndGet();
        }
    }

}
