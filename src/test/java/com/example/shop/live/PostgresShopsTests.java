package com.example.shop.live;

import com.example.shop.live.hub.LiveHub;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.PostgresDatabase;
import com.example.shop.ShopApplication;
import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.changePrice;
import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.delete;
import static com.example.shop.ShopFixture.getJson;
import static com.example.shop.ShopFixture.json;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;
import static org.springframework.http.MediaType.APPLICATION_JSON;

/**
 * Several shops on one PostgreSQL database, as they run in production: each has its own change
 * feed and its own subscribers, and learns of the others' commits from PostgreSQL
 * ({@code NOTIFY} in the committing transaction, {@code LISTEN} in every shop). Every subscriber
 * of every shop, over STOMP and over Server-Sent Events, gets every change exactly once and in seq
 * order, whichever shop committed it, when a shop is killed right after a commit, and across a
 * restart of PostgreSQL.
 * <p>
 * The two shops are started by the test as an operator would start them, on a schema of this
 * class's own (so the seq is the class's own too). Their feeds poll only once a minute, so a
 * change that arrives within the tests' waits was brought by a notification, not by the safety net.
 */
@ExtendWith(PostgresDatabase.Required.class)
class PostgresShopsTests {

    static final String PASSWORD = "postgres-shops-password";

    /** Long enough for a busy two-core machine; a change normally arrives within milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(30);

    static PostgresDatabase database;

    static Shop first;

    static Shop second;

    static JsonMapper json;

    /** A shop started in this JVM, and HTTP clients of it: without credentials, and as the admin. */
    record Shop(String name, ConfigurableApplicationContext context, RestTestClient http, RestTestClient admin) {

        static Shop start(String name) {
            // Command-line arguments: they win over application.properties and the profile's file.
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class).run(
                    arguments("--server.port=0", "--spring.main.banner-mode=off", "--spring.application.name=" + name));
            int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
            RestTestClient http = ShopFixture.client(port, context.getBean(JsonMapper.class));
            return new Shop(name, context, http, ShopFixture.asAdmin(http, PASSWORD));
        }

        int port() {
            return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
        }

        long broadcastSeq() {
            return context.getBean(LiveHub.class).feed(context.getBean(CatalogLog.class)).deliveredSeq();
        }

    }

    @BeforeAll
    static void startShops() {
        database = PostgresDatabase.fromEnvironment().withNewSchema("shops");
        first = Shop.start("shop-1");
        second = Shop.start("shop-2");
        json = first.context().getBean(JsonMapper.class);
    }

    @AfterAll
    static void stopShops() {
        for (Shop shop : new Shop[] { first, second }) {
            if (shop != null) {
                shop.context().close();
            }
        }
        if (database != null) {
            database.dropSchema();
        }
    }

    /** The settings every shop of these tests runs with, after {@code extra}. */
    private static String[] arguments(String... extra) {
        List<String> arguments = new ArrayList<>(List.of(extra));
        arguments.addAll(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(), "--shop.admin.password=" + PASSWORD,
                "--shop.live.poll-interval=1m",
                // Few connections: the server's are shared with every other test and build on it.
                "--spring.datasource.hikari.maximum-pool-size=5", "--spring.datasource.hikari.minimum-idle=1"));
        return arguments.toArray(String[]::new);
    }

    @Test
    void everySubscriberOfEitherShopGetsEveryChangeOnceAndInOrder() throws Exception {
        int writersPerShop = 2;
        int writesEach = 10;
        long start = settled();
        List<LiveClient> clients = subscribe(start, first, second);
        ExecutorService pool = Executors.newFixedThreadPool(2 * writersPerShop);
        try {
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (Shop shop : List.of(first, second)) {
                for (int w = 0; w < writersPerShop; w++) {
                    String writer = shop.name() + " writer " + w;
                    writers.add(CompletableFuture.runAsync(() -> write(shop.admin(), writer, writesEach), pool));
                }
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            long end = start + 2L * writersPerShop * writesEach;
            assertThat(seq(second.http())).isEqualTo(end);

            assertEachReceivedExactly(clients, start, end);
        }
        finally {
            pool.shutdownNow();
            closeAll(clients);
        }
    }

    @Test
    void aChangeCommittedJustBeforeAShopIsKilledReachesTheOtherShops() throws Exception {
        try (ShopProcess doomed = ShopProcess.start(database, PASSWORD, "--shop.live.poll-interval=1m",
                "--spring.datasource.hikari.maximum-pool-size=2", "--spring.datasource.hikari.minimum-idle=1")) {
            long start = settled();
            List<LiveClient> clients = subscribe(start, first, second);
            try {
                RestTestClient admin = ShopFixture.asAdmin(ShopFixture.client(doomed.port(), json), PASSWORD);
                create(admin, "Last words 1", "10.00");
                create(admin, "Last words 2", "11.00");
                JsonNode last = create(admin, "Last words 3", "12.00");
                // At once: its own feed, its threads, its connections die with it.
                assertThat(doomed.kill()).as("killed by SIGKILL").isEqualTo(128 + 9);

                assertEachReceivedExactly(clients, start, start + 3);
                assertThat(json.readTree(clients.get(0).received().get(2).body()).get("shirt")).isEqualTo(last);

                // The surviving shops go on.
                create(first.admin(), "After the kill", "13.00");
                assertEachReceivedExactly(clients, start, start + 4);
            }
            finally {
                closeAll(clients);
            }
        }
    }

    @Test
    void afterPostgresRestartsTheFeedsReconnectAndNothingIsLostOrRepeated() throws Exception {
        PostgresDatabase.requireControl();
        long start = settled();
        List<LiveClient> clients = subscribe(start, first, second);
        try {
            first.http().get().uri("/shirts/1").exchange().expectStatus().isOk();
            create(first.admin(), "Before the stop 1", "10.00");
            create(second.admin(), "Before the stop 2", "11.00");
            create(first.admin(), "Before the stop 3", "12.00");
            // The last one committed right before the stop: its subscribers may not have had it yet.
            create(second.admin(), "Right before the stop", "13.00");

            // A write waits for the catalog's lock, held here, when the server stops under it.
            Connection holder = database.connect();
            CompletableFuture<ResponseSpec> inFlight;
            try {
                holder.setAutoCommit(false);
                try (Statement lock = holder.createStatement()) {
                    lock.execute("SELECT last_seq FROM catalog_sequence WHERE id = 1 FOR UPDATE");
                }
                int holderPid = holder.unwrap(PGConnection.class).getBackendPID();
                inFlight = CompletableFuture.supplyAsync(() -> first.admin().post().uri("/shirts")
                    .contentType(APPLICATION_JSON)
                    .body("{\"name\":\"Never in flight\",\"color\":\"red\",\"sizes\":[\"M\"],\"price\":9.00}")
                    .exchange());
                await().atMost(WAIT).until(() -> blockedBy(holderPid) > 0);
            }
            catch (SQLException | RuntimeException | Error ex) {
                holder.close();
                throw ex;
            }

            ResponseSpec waiting;
            try {
                PostgresDatabase.stopServer();
                waiting = inFlight.get(1, TimeUnit.MINUTES);
                if (status(waiting) != 201) {
                    // The write may still have been made: a fast shutdown ends the lock's holder first,
                    // and the waiting write can take the lock and commit just before its own session is
                    // ended, too late to hear of its commit. The answer must not claim otherwise.
                    assertUnavailable(waiting);
                    assertThat(json(waiting).get("detail").asString()).contains("may have been", "Idempotency-Key");
                }
                // Whatever needs the database answers 503 with Retry-After; the live connections stay.
                for (Shop shop : List.of(first, second)) {
                    assertUnavailable(shop.http().get().uri("/shirts/1").exchange());
                    assertUnavailable(shop.http().get().uri("/shirts").exchange());
                }
                assertUnavailable(first.admin().post().uri("/shirts")
                    .contentType(APPLICATION_JSON)
                    .body("{\"name\":\"Never\",\"color\":\"red\",\"sizes\":[\"M\"],\"price\":9.00}")
                    .exchange());
            }
            finally {
                try {
                    holder.close();
                }
                catch (SQLException ex) {
                    // It died with the server.
                }
                PostgresDatabase.startServer();
            }
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> status(first.http().get().uri("/shirts?size=1").exchange()) == 200
                        && status(second.http().get().uri("/shirts?size=1").exchange()) == 200);
            // Whether the waiting write was made, the catalog says; made, it must be delivered like any other.
            int inFlightCommitted = getJson(first.http(), "/shirts?q=never").get("shirts").size();
            assertThat(inFlightCommitted).isLessThanOrEqualTo(1);
            if (status(waiting) == 201) {
                assertThat(inFlightCommitted).isEqualTo(1);
            }
            assertEachReceivedExactly(clients, start, start + 4 + inFlightCommitted);

            // Committed through the other shop: only a notification on a listening connection that
            // was opened again, or the wake-up of opening it, brings these to the first shop in time.
            create(second.admin(), "After the restart 1", "14.00");
            assertEachReceivedExactly(clients, start, start + 5 + inFlightCommitted);
            create(second.admin(), "After the restart 2", "15.00");
            assertEachReceivedExactly(clients, start, start + 6 + inFlightCommitted);
            create(first.admin(), "After the restart 3", "16.00");
            assertEachReceivedExactly(clients, start, start + 7 + inFlightCommitted);
            assertThat(getJson(first.http(), "/shirts?q=never").get("shirts")).hasSize(inFlightCommitted);
        }
        finally {
            closeAll(clients);
        }
    }

    /** How many sessions wait for a lock that the session {@code pid} holds. */
    private static int blockedBy(int pid) throws SQLException {
        try (Connection observer = database.connect(); Statement statement = observer.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE " + pid
                        + " = ANY (pg_blocking_pids(pid))")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The catalog's seq, once every shop's feed has broadcast it: nothing of an earlier test is still on its way. */
    private static long settled() {
        long seq = seq(first.http());
        await().atMost(WAIT).until(() -> first.broadcastSeq() == seq && second.broadcastSeq() == seq);
        return seq;
    }

    /** On each shop, one STOMP subscription and one Server-Sent Events stream, both following from {@code start}. */
    private static List<LiveClient> subscribe(long start, Shop... shops) throws Exception {
        List<LiveClient> clients = new ArrayList<>();
        try {
            for (Shop shop : shops) {
                clients.add(LiveClient.stomp(shop));
                clients.add(LiveClient.sse(shop, start));
            }
            return clients;
        }
        catch (Exception | Error ex) {
            closeAll(clients);
            throw ex;
        }
    }

    /**
     * Waits until every client has received the change {@code end}, then checks that each received
     * exactly the changes after {@code start} through {@code end}, in seq order, and the same
     * message for each.
     */
    private static void assertEachReceivedExactly(List<LiveClient> clients, long start, long end) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(clients).allSatisfy(client -> assertThat(client.lastSeq())
            .as("%s received %s", client.name(), client.received().stream().map(Received::seq).toList())
            .isGreaterThanOrEqualTo(end)));
        List<Long> expected = LongStream.rangeClosed(start + 1, end).boxed().toList();
        for (LiveClient client : clients) {
            assertThat(client.received()).as(client.name()).extracting(Received::seq).containsExactlyElementsOf(expected);
            assertThat(client.received()).as(client.name())
                .extracting(Received::body)
                .containsExactlyElementsOf(clients.get(0).received().stream().map(Received::body).toList());
        }
    }

    private static void assertUnavailable(ResponseSpec response) {
        response.expectStatus().isEqualTo(503)
            .expectHeader().valueEquals(CONTENT_TYPE, "application/problem+json")
            .expectHeader().value("Retry-After", retryAfter -> assertThat(retryAfter).as("Retry-After").matches("[1-9][0-9]*"));
        assertThat(json(response).get("status").asInt()).isEqualTo(503);
        assertThat(text(response)).doesNotContain("Exception", "SQL", "jdbc");
    }

    private static int status(ResponseSpec response) {
        return response.returnResult().getStatus().value();
    }

    /** Makes {@code writes} changes through one shop: creates, reprices and deletes shirts of its own. */
    private static void write(RestTestClient admin, String writer, int writes) {
        Deque<Long> mine = new ArrayDeque<>();
        for (int i = 0; i < writes; i++) {
            if (mine.isEmpty() || i % 3 == 0) {
                mine.add(create(admin, writer + " shirt " + i, "20.00").get("id").asLong());
            }
            else if (i % 3 == 1 || mine.size() == 1) {
                // A price this writer never set before: every write is a change.
                changePrice(admin, mine.getLast(), (30 + i) + ".00");
            }
            else {
                delete(admin, mine.removeFirst());
            }
        }
    }

    private static void closeAll(List<LiveClient> clients) {
        clients.forEach(LiveClient::close);
    }

    /** A message as a live client received it. */
    record Received(long seq, String type, String body) {
    }

    /** One live client of one shop, a STOMP subscription or a Server-Sent Events stream, and what it received. */
    static final class LiveClient implements AutoCloseable {

        private final String name;

        private final Supplier<List<Received>> arrived;

        private final AutoCloseable connection;

        private final List<Received> received = new ArrayList<>();

        private LiveClient(String name, Supplier<List<Received>> arrived, AutoCloseable connection) {
            this.name = name;
            this.arrived = arrived;
            this.connection = connection;
        }

        /** Subscribes to {@code /topic/shirts} with a receipt: it follows once this returns. */
        static LiveClient stomp(Shop shop) throws Exception {
            StompTestClient client = StompTestClient.connect(shop.port());
            try {
                var subscription = client.subscribeConfirmed("/topic/shirts");
                return new LiveClient("STOMP on " + shop.name(), () -> {
                    List<Received> taken = new ArrayList<>();
                    for (var frame = subscription.messages().poll(); frame != null; frame = subscription.messages().poll()) {
                        JsonNode body = json.readTree(frame.body());
                        assertThat(body.get("seq").asLong()).isEqualTo(frame.seqHeader());
                        taken.add(new Received(frame.seqHeader(), body.get("type").asString(), frame.text()));
                    }
                    return taken;
                }, client);
            }
            catch (Exception | Error ex) {
                client.close();
                throw ex;
            }
        }

        /** Opens {@code /shirts/stream} without a seq: it follows once it says where it starts, which must be {@code start}. */
        static LiveClient sse(Shop shop, long start) throws InterruptedException {
            EventStreamClient stream = new EventStreamClient(shop.port(), "/shirts/stream", null);
            try {
                String comment = stream.nextComment();
                while (comment.equals("keep-alive")) {
                    comment = stream.nextComment();
                }
                assertThat(comment).isEqualTo("shirt changes after seq " + start);
                return new LiveClient("SSE on " + shop.name(), () -> {
                    List<Received> taken = new ArrayList<>();
                    for (var event = stream.events().poll(); event != null; event = stream.events().poll()) {
                        JsonNode body = json.readTree(event.data());
                        // <epoch>:<seq>; every shop of one database has its epoch.
                        assertThat(event.id()).matches("[0-9]{16}:" + body.get("seq").asString());
                        assertThat(event.type()).isEqualTo(body.get("type").asString());
                        taken.add(new Received(body.get("seq").asLong(), event.type(), event.data()));
                    }
                    return taken;
                }, stream);
            }
            catch (InterruptedException | RuntimeException | Error ex) {
                stream.close();
                throw ex;
            }
        }

        String name() {
            return name;
        }

        List<Received> received() {
            received.addAll(arrived.get());
            return received;
        }

        /** The seq of the last message received, -1 before the first. */
        long lastSeq() {
            List<Received> all = received();
            return all.isEmpty() ? -1 : all.get(all.size() - 1).seq();
        }

        @Override
        public void close() {
            try {
                connection.close();
            }
            catch (Exception ex) {
                // Closing a test client: nothing to do about it.
            }
        }

    }

}
