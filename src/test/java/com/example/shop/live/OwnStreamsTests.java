package com.example.shop.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.SalesFixture;
import com.example.shop.Shopper;
import com.example.shop.TestClock;
import com.example.shop.ordering.OrderEvents;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.SalesFixture.add;
import static com.example.shop.SalesFixture.checkout;
import static com.example.shop.SalesFixture.order;
import static com.example.shop.SalesFixture.shopperFrom;
import static com.example.shop.SalesFixture.stockedShirt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Server-Sent Events mirrors {@code /orders/stream} and {@code /cart/stream} over a real
 * port with real session cookies: the admin's every order and a shopper's own at one path, the
 * cart now and after a change, a {@code reload} event for a stream resumed from before what the
 * order log keeps, and 403 problem JSON for a session they are not for.
 */
@LiveShop
class OwnStreamsTests {

    static final HttpClient HTTP = Shopper.client();

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    OrderEvents events;

    @Autowired
    TestClock clock;

    /** Event type and data, as read from the stream. */
    record Event(String type, @Nullable String id, JsonNode data) {
    }

    final class Stream implements AutoCloseable {

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        final CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response;

        Stream(String path, @Nullable String cookie) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/event-stream");
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAcceptAsync(answer -> {
                String[] event = { "message", null };
                StringBuilder data = new StringBuilder();
                answer.body().forEach(line -> {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(event[0], event[1], JSON.readTree(data.toString())));
                        }
                        data.setLength(0);
                        event[0] = "message";
                        event[1] = null;
                    }
                    else if (line.startsWith("event:")) {
                        event[0] = line.substring(6).strip();
                    }
                    else if (line.startsWith("id:")) {
                        event[1] = line.substring(3).strip();
                    }
                    else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                });
            });
        }

        Event next() throws InterruptedException {
            Event event = events.poll(15, TimeUnit.SECONDS);
            assertThat(event).as("an event within 15 s").isNotNull();
            return event;
        }

        @Override
        public void close() {
            response.cancel(true);
            response.thenAccept(answer -> answer.body().close());
        }

    }

    static String cookie(Shopper shopper) {
        return "JSESSIONID=" + shopper.cookie("JSESSIONID");
    }

    @Test
    void aSessionTheStreamsAreNotForGets403ProblemJson() throws IOException, InterruptedException {
        for (String path : new String[] { "/orders/stream", "/cart/stream" }) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(403);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
            assertThat(answer.body()).contains("Forbidden").doesNotContain("Exception");
        }
    }

    @Test
    void theCartStreamSendsTheCartThenEveryChange() throws Exception {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8), 10, 10);
        Shopper ada = shopperFrom(HTTP, port, "10.81.");
        add(ada, id, "M", 1);
        try (Stream cart = new Stream("/cart/stream", cookie(ada))) {
            Event now = cart.next();
            assertThat(now.type()).isEqualTo("cart");
            assertThat(now.data().get("cart").get("items").get(0).get("quantity").asInt()).isEqualTo(1);
            add(ada, id, "M", 2);
            assertThat(cart.next().data().get("cart").get("items").get(0).get("quantity").asInt()).isEqualTo(2);
        }
    }

    @Test
    void theOrdersStreamIsAShoppersOwnOrdersAndTheAdminsEveryOrder() throws Exception {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8), 10, 10);
        Shopper adminSession = new Shopper(HTTP, port);
        StompUserChannelsTests.logIn(adminSession);
        long before = events.latestSeq();
        Shopper ada = shopperFrom(HTTP, port, "10.82.");
        String adasOrder = order(ada, id, "M");
        Shopper bob = shopperFrom(HTTP, port, "10.83.");
        String bobsOrder = order(bob, id, "M");

        try (Stream own = new Stream("/orders/stream?after=0", cookie(ada));
                Stream all = new Stream("/orders/stream?after=" + before, cookie(adminSession))) {
            Event placed = own.next();
            assertThat(placed.type()).isEqualTo("order.placed");
            assertThat(placed.id()).isEqualTo(events.epoch() + ":1");
            assertThat(placed.data().get("order").get("id").asString()).isEqualTo(adasOrder);
            assertThat(all.next().data().get("order").get("id").asString()).isEqualTo(adasOrder);
            assertThat(all.next().data().get("order").get("id").asString()).isEqualTo(bobsOrder);

            admin.patch("/orders/" + bobsOrder, "{\"status\":\"PAID\"}", Map.of());
            admin.patch("/orders/" + adasOrder, "{\"status\":\"PAID\"}", Map.of());
            Event adasPaid = own.next();
            assertThat(adasPaid.data().get("order").get("id").asString()).isEqualTo(adasOrder);
            assertThat(adasPaid.data().get("seq").asLong()).isEqualTo(2);
            assertThat(all.next().data().get("seq").asLong()).isEqualTo(before + 3);
            assertThat(all.next().data().get("seq").asLong()).isEqualTo(before + 4);
            assertThat(own.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void anOrdersStreamResumedFromBeforeThePrunedLogIsToldToReloadThenGoesOn() throws Exception {
        Shopper admin = SalesFixture.admin(HTTP, port);
        long id = stockedShirt(admin, "t" + UUID.randomUUID().toString().substring(0, 8), 10, 10);
        Shopper ada = shopperFrom(HTTP, port, "10.87.");
        String adasOrder = order(ada, id, "M");
        admin.patch("/orders/" + adasOrder, "{\"status\":\"PAID\"}", Map.of());
        Shopper bob = shopperFrom(HTTP, port, "10.88.");
        add(bob, id, "M", 1);
        checkout(bob);
        clock.advance(Duration.ofDays(8));
        events.prune();

        try (Stream own = new Stream("/orders/stream?after=1", cookie(ada))) {
            Event reload = own.next();
            assertThat(reload.type()).isEqualTo("reload");
            assertThat(reload.id()).isEqualTo(events.epoch() + ":2");
            assertThat(reload.data().get("seq").asLong()).isEqualTo(2);
            assertThat(reload.data().get("detail").asString()).contains("GET /orders");

            admin.patch("/orders/" + adasOrder, "{\"status\":\"SHIPPED\"}", Map.of());
            Event shipped = own.next();
            assertThat(shipped.type()).isEqualTo("order.status");
            assertThat(shipped.id()).isEqualTo(events.epoch() + ":3");
        }
    }

}
