package com.example.shop.live.hub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

/**
 * The followers of one state channel, by key: a joiner is sent the snapshot of its key, then every
 * message published for the key. Both happen under one lock, so a message is either in the
 * snapshot's wake or after it, never lost between. Publishing writes the JSON once per message.
 */
final class StateFanout {

    // The key of an unkeyed channel's one stream.
    private static final String WHOLE = "";

    private final LiveChannel.State channel;

    private final JsonMapper json;

    // Guarded by this.
    private final Map<String, List<Subscriber>> byKey = new HashMap<>();

    private int count;

    private final AtomicBoolean purge = new AtomicBoolean();

    StateFanout(LiveChannel.State channel, JsonMapper json) {
        this.channel = channel;
        this.json = json;
    }

    /** Sends the snapshot of {@code key}, then every message published for it. */
    synchronized long join(Subscriber subscriber, @Nullable String key) {
        LiveMessage snapshot = channel.snapshot().apply(key);
        subscriber.send(prepare(snapshot));
        byKey.computeIfAbsent(key == null ? WHOLE : key, any -> new ArrayList<>()).add(subscriber);
        count++;
        Long seq = snapshot.seq();
        return seq == null ? -1 : seq;
    }

    synchronized void publish(@Nullable String key, LiveMessage message) {
        List<Subscriber> subscribers = byKey.get(key == null ? WHOLE : key);
        if (subscribers == null) {
            return;
        }
        Prepared prepared = prepare(message);
        subscribers.removeIf(subscriber -> {
            if (!subscriber.isOpen()) {
                count--;
                return true;
            }
            subscriber.send(prepared);
            return false;
        });
        if (subscribers.isEmpty()) {
            byKey.remove(key == null ? WHOLE : key);
        }
    }

    /** A follower closed: it is dropped at the next {@link #sweep} (or publish). */
    void left() {
        purge.set(true);
    }

    /** Drops the closed followers, if one has left since the last look. */
    void sweep() {
        if (purge.getAndSet(false)) {
            purge();
        }
    }

    /** Drops the closed followers now, so nothing of a closed connection stays reachable. */
    synchronized void purge() {
        byKey.values().removeIf(list -> {
            int before = list.size();
            list.removeIf(subscriber -> !subscriber.isOpen());
            count -= before - list.size();
            return list.isEmpty();
        });
    }

    synchronized int followers() {
        return count;
    }

    /** Whether anyone follows {@code key} (any key, when {@code null}). */
    synchronized boolean isFollowed(@Nullable String key) {
        return key == null ? count > 0 : byKey.containsKey(key);
    }

    private Prepared prepare(LiveMessage message) {
        Long seq = message.seq();
        String id = seq == null ? null : Long.toString(seq);
        return Prepared.of(channel.destination(), message.type(), json.writeValueAsBytes(message.body()), seq, null,
                message.type() + (id == null ? "" : "-" + id), id);
    }

}
