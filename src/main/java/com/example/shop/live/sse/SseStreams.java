package com.example.shop.live.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipal;
import com.example.shop.live.hub.Prepared;
import com.example.shop.live.hub.Subscriber;
import com.example.shop.live.outbound.Connection;
import com.example.shop.live.outbound.Connections;

import tools.jackson.databind.json.JsonMapper;

/**
 * Opens the Server-Sent Events streams of the live channels. Every event is written as text once
 * per message ({@code id:}, {@code event:} the message type, {@code data:} its JSON) and queued on
 * the stream's {@link Connection}; an idle stream gets a {@code keep-alive} comment every heart-beat
 * interval, so proxies keep it open and a vanished client is noticed. A stream ends after its
 * timeout, and the client reconnects with {@code Last-Event-ID}.
 */
public final class SseStreams {

    private static final Logger log = LoggerFactory.getLogger(SseStreams.class);

    /** The type of the event that tells a stream of a log channel to reload. */
    public static final String RELOAD = "reload";

    private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    private static final Connection.Frame KEEP_ALIVE = frame(":keep-alive\n\n");

    /**
     * @param heartBeat how often an idle stream gets a comment line
     * @param timeout how long one response streams
     * @param reconnectDelay the {@code retry:} sent first
     * @param maxReplay the most entries a resuming stream is replayed
     */
    public record Settings(Duration heartBeat, Duration timeout, Duration reconnectDelay, int maxReplay) {
    }

    private final LiveHub hub;

    private final Connections connections;

    private final JsonMapper json;

    private final Settings settings;

    private final AtomicLong ids = new AtomicLong();

    private final AtomicInteger open = new AtomicInteger();

    private volatile boolean running = true;

    public SseStreams(LiveHub hub, Connections connections, JsonMapper json, Settings settings) {
        this.hub = hub;
        this.connections = connections;
        this.json = json;
        this.settings = settings;
    }

    /** Streams open now. */
    public int streams() {
        return open.get();
    }

    /**
     * A stream of {@code channel} for {@code principal}: of a log channel, the entries after
     * {@code after} (of {@code epoch}), or after the latest without; of a state channel, its
     * snapshot then its changes.
     *
     * @throws LiveHub.RefusedException when the channel's rule refuses the principal
     */
    public SseEmitter open(LiveChannel channel, LivePrincipal principal, @Nullable Long after, @Nullable String epoch) {
        return open(channel, principal, after, epoch, "changes");
    }

    /**
     * As {@link #open(LiveChannel, LivePrincipal, Long, String)}, the first comment of a log
     * channel's stream saying {@code <what> after seq <seq>}.
     */
    public SseEmitter open(LiveChannel channel, LivePrincipal principal, @Nullable Long after, @Nullable String epoch,
            String what) {
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        if (!running) {
            emitter.complete();
            return emitter;
        }
        Stream stream = new Stream(emitter, channel, principal, what);
        open.incrementAndGet();
        emitter.onCompletion(stream::ended);
        emitter.onError(ex -> stream.ended());
        // At the end of its time the stream ends normally; EventSource reconnects with Last-Event-ID.
        emitter.onTimeout(emitter::complete);
        try {
            hub.subscribe(channel, principal, stream, after, epoch, settings.maxReplay(), stream::begin);
        }
        catch (LiveHub.RefusedException ex) {
            stream.ended();
            throw ex;
        }
        return emitter;
    }

    /** Ends every stream (the shop stops), so that open streams do not hold the shutdown up. */
    public void stop() {
        running = false;
        connections.closeAll(Connection.Reason.GOING_AWAY);
    }

    public void start() {
        running = true;
    }

    private static Connection.Frame frame(String text) {
        return new Connection.Frame(text, Connection.utf8Length(text));
    }

    /** One open stream: a subscriber of the hub, written through its connection. */
    private final class Stream implements Subscriber, Connection.Sink {

        private final SseEmitter emitter;

        private final LiveChannel channel;

        private final Connection connection;

        private final Runnable unregister;

        private volatile boolean open = true;

        private final String what;

        Stream(SseEmitter emitter, LiveChannel channel, LivePrincipal principal, String what) {
            this.what = what;
            this.emitter = emitter;
            this.channel = channel;
            this.connection = connections.open("sse-" + ids.incrementAndGet(), this, this::ended);
            this.connection.connected();
            this.connection.heartBeatEvery(settings.heartBeat(), KEEP_ALIVE);
            this.unregister = hub.opened(principal, () -> connection.close(Connection.Reason.NORMAL));
        }

        /** The first lines: how long to wait before reconnecting, and where the stream starts. */
        void begin(long after) {
            String comment = channel instanceof LiveChannel.Log ? ":" + what + " after seq " + after : ":snapshot, then changes";
            connection.send(frame("retry:" + settings.reconnectDelay().toMillis() + "\n" + comment + "\n\n"));
        }

        @Override
        public void send(Prepared message) {
            connection.send(message.encoded("sse", key -> frame(event(message.eventId(), message.type(), message.text()))));
        }

        @Override
        public void reload(LiveChannel.Log log, long seq, String epoch, String why) {
            String detail = (why + " " + log.reloadAdvice()).strip();
            connection.send(frame(event(epoch + ":" + seq, RELOAD, json.writeValueAsString(new Reload(seq, detail)))));
        }

        @Override
        public boolean isOpen() {
            return open && connection.isOpen();
        }

        @Override
        public boolean canTakeMore() {
            return connection.hasRoom();
        }

        void ended() {
            if (!open) {
                return;
            }
            open = false;
            SseStreams.this.open.decrementAndGet();
            connection.closed();
            unregister.run();
            hub.left();
        }

        @Override
        public void write(Connection.Frame frame) throws IOException {
            emitter.send(Set.of(new ResponseBodyEmitter.DataWithMediaType(frame.message(), TEXT)));
        }

        @Override
        public void close(Connection.Reason reason) {
            try {
                emitter.complete();
            }
            catch (RuntimeException ex) {
                log.debug("Could not end a Server-Sent Events stream: {}", ex.getMessage());
            }
        }

        @Override
        public void abort(Thread writer) {
            // Gone for the hub and the counts at once; completing waits for the blocked write to
            // give up (the emitter lets one thread write at a time), so not on the watch's thread.
            log.info("Closing a Server-Sent Events stream whose client took no data in time");
            ended();
            connections.writers().execute(() -> close(Connection.Reason.TOO_SLOW));
        }

    }

    private static String event(@Nullable String id, String type, String data) {
        StringBuilder event = new StringBuilder(data.length() + 64);
        if (id != null) {
            event.append("id:").append(id).append('\n');
        }
        event.append("event:").append(type).append('\n');
        for (String line : data.split("\n", -1)) {
            event.append("data:").append(line).append('\n');
        }
        return event.append('\n').toString();
    }

    /** The data of a {@code reload} event. */
    record Reload(long seq, String detail) {
    }

}
