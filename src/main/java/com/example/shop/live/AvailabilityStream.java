package com.example.shop.live;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.example.shop.inventory.Availability;
import com.example.shop.inventory.AvailabilityChanged;
import com.example.shop.inventory.AvailabilityMessage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

/**
 * SSE glue for availability, {@code /availability/stream}: the same messages as
 * {@code /topic/availability}, one event each ({@code event:} the message's type, {@code id:} its
 * seq). A reconnecting client gets a new snapshot, which is as small as a catch-up would be.
 * Events are written by one sender thread, each stream's in order, never by the thread that
 * reads availability.
 */
@RestController
@Tag(name = "Stock")
class AvailabilityStream implements SmartLifecycle {

    private final Availability availability;

    private final JsonMapper json;

    private final StreamProperties properties;

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

    private volatile boolean running;

    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "availability-sse");
        thread.setDaemon(true);
        return thread;
    });

    AvailabilityStream(Availability availability, JsonMapper json, StreamProperties properties) {
        this.availability = availability;
        this.json = json;
        this.properties = properties;
    }

    @GetMapping(path = "/availability/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Availability, live (Server-Sent Events)", description = """
            First an `availability.snapshot` event with every shirt, then `availability` events with \
            only the sizes that changed, at most one per `shop.live.availability-interval`.""")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
    synchronized SseEmitter open() {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        if (!running) {
            emitter.complete();
            return emitter;
        }
        Subscriber subscriber = new Subscriber(emitter);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onError(ex -> subscribers.remove(subscriber));
        emitter.onTimeout(emitter::complete);
        // As on STOMP: the snapshot first, every change not in it after it.
        subscriber.offer(AvailabilityMessage.of(availability.lastRead()));
        subscribers.add(subscriber);
        return emitter;
    }

    @EventListener
    synchronized void on(AvailabilityChanged changed) {
        AvailabilityMessage message = AvailabilityMessage.of(changed);
        subscribers.forEach(subscriber -> subscriber.offer(message));
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream, before the web server shuts down gracefully (a SmartLifecycle of the
     * default phase stops first), so open streams do not hold the shutdown up.
     */
    @Override
    public synchronized void stop() {
        running = false;
        subscribers.forEach(subscriber -> subscriber.emitter.complete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One open stream: its messages queue here (bounded) and go out on the sender thread, in order. */
    private final class Subscriber {

        private final SseEmitter emitter;

        private final Queue<AvailabilityMessage> queue = new ArrayDeque<>();

        private boolean draining;

        Subscriber(SseEmitter emitter) {
            this.emitter = emitter;
        }

        synchronized void offer(AvailabilityMessage message) {
            if (queue.size() >= properties.maxQueued()) {
                // Too slow: end the stream, the client reconnects and starts from a snapshot.
                emitter.complete();
                subscribers.remove(this);
                return;
            }
            queue.add(message);
            if (!draining) {
                draining = true;
                sender.execute(this::drain);
            }
        }

        private void drain() {
            while (true) {
                AvailabilityMessage next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    emitter.send(SseEmitter.event().name(next.type()).id(Long.toString(next.seq()))
                        .data(json.writeValueAsString(next), MediaType.APPLICATION_JSON));
                }
                catch (IOException | IllegalStateException ex) {
                    subscribers.remove(this);
                    synchronized (this) {
                        queue.clear();
                        draining = false;
                    }
                    return;
                }
            }
        }

    }

}
