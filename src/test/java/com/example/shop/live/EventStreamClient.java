package com.example.shop.live;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A Server-Sent Events client that behaves like a browser's EventSource: it parses the stream as
 * the HTML standard says, remembers the last event id, and when the stream ends it reconnects with
 * {@code Last-Event-ID} (at once, not after {@code retry:}, to keep tests fast). Every line that
 * is not valid SSE is kept, so a test can tell that nothing but events reached the client.
 * <p>
 * Written with {@link HttpClient}, not RestTestClient: RestTestClient reads the whole body of a
 * response before it answers, and an event stream does not end.
 */
final class EventStreamClient implements AutoCloseable {

    /** One dispatched event. */
    record Event(@Nullable String id, String type, String data) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI uri;

    private final String path;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();

    private final List<String> invalidLines = new CopyOnWriteArrayList<>();

    private final List<HttpResponse<?>> responses = new CopyOnWriteArrayList<>();

    private final Thread reader;

    private volatile @Nullable String lastEventId;

    private volatile @Nullable Stream<String> current;

    private volatile boolean closed;

    /** Opens {@code path} on the shop listening on {@code port}, resuming after {@code lastEventId} if given. */
    EventStreamClient(int port, String path, @Nullable String lastEventId) {
        this.uri = URI.create("http://localhost:" + port + path);
        this.path = path;
        this.lastEventId = lastEventId;
        this.reader = new Thread(this::run, "event-stream-client");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void run() {
        while (!closed) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
            String id = lastEventId;
            if (id != null) {
                request.header("Last-Event-ID", id);
            }
            HttpResponse<Stream<String>> response;
            try {
                response = http.send(request.build(), BodyHandlers.ofLines());
            }
            catch (Exception ex) {
                return;
            }
            responses.add(response);
            if (response.statusCode() != 200) {
                // EventSource gives up on anything but 200.
                response.body().close();
                return;
            }
            try (Stream<String> lines = response.body()) {
                current = lines;
                parse(lines);
            }
            catch (UncheckedIOException ex) {
                // Closed by close(), or the connection broke: reconnect unless closed.
            }
        }
    }

    private void parse(Stream<String> lines) {
        String[] type = { null };
        StringBuilder data = new StringBuilder();
        boolean[] hasData = { false };
        String[] id = { null };
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if (hasData[0]) {
                    if (id[0] != null) {
                        lastEventId = id[0];
                    }
                    events.add(new Event(id[0], type[0] == null ? "message" : type[0], data.toString()));
                }
                type[0] = null;
                id[0] = null;
                data.setLength(0);
                hasData[0] = false;
                return;
            }
            if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type[0] = value;
                case "id" -> id[0] = value;
                case "retry" -> {
                }
                case "data" -> {
                    if (hasData[0]) {
                        data.append('\n');
                    }
                    data.append(value);
                    hasData[0] = true;
                }
                default -> invalidLines.add(line);
            }
        });
    }

    Event next() throws InterruptedException {
        return next(StompTestClient.WAIT);
    }

    Event next(Duration wait) throws InterruptedException {
        Event event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("No event within " + wait + " on " + path);
        }
        return event;
    }

    /** Waits for the next comment line, such as the one that opens every stream. */
    String nextComment() throws InterruptedException {
        String comment = comments.poll(StompTestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (comment == null) {
            throw new AssertionError("No comment within " + StompTestClient.WAIT + " on " + path);
        }
        return comment;
    }

    /** The events received and not yet taken, for a test that drains them as they come. */
    BlockingQueue<Event> events() {
        return events;
    }

    List<HttpResponse<?>> responses() {
        return responses;
    }

    List<String> invalidLines() {
        return invalidLines;
    }

    BlockingQueue<String> comments() {
        return comments;
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> lines = current;
        if (lines != null) {
            lines.close();
        }
        reader.interrupt();
    }

}
