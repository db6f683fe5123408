package com.example.shop.live.hub;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A message as the hub hands it to every subscriber: its JSON written once, its headers, and a
 * place where transports keep what they make of it (a STOMP frame per subscription id, an SSE
 * event), so that thousands of subscribers share one encoding.
 *
 * @param destination the channel's destination
 * @param type the message type (SSE {@code event:})
 * @param json the body, as UTF-8 bytes and as text
 * @param seq the {@code seq} header, {@code null} for none
 * @param epoch the {@code epoch} header, {@code null} for none
 * @param messageId the STOMP {@code message-id}
 * @param eventId the SSE {@code id:}, {@code null} for none
 */
public record Prepared(String destination, String type, byte[] json, String text, @Nullable Long seq,
        @Nullable String epoch, String messageId, @Nullable String eventId, Encodings encodings) {

    public static Prepared of(String destination, String type, byte[] json, @Nullable Long seq, @Nullable String epoch,
            String messageId, @Nullable String eventId) {
        return new Prepared(destination, type, json, new String(json, StandardCharsets.UTF_8), seq, epoch, messageId,
                eventId, new Encodings());
    }

    /** What a transport made of this message for a subscription id (or any other key), made once. */
    public <T> T encoded(String key, Function<String, T> encode) {
        return encodings.get(key, encode);
    }

    /** Per-message cache of encodings; a handful of keys per message (clients use the same ids). */
    public static final class Encodings {

        private @Nullable Map<String, Object> byKey;

        synchronized <T> T get(String key, Function<String, T> encode) {
            if (byKey == null) {
                byKey = new HashMap<>(4);
            }
            @SuppressWarnings("unchecked")
            T value = (T) byKey.computeIfAbsent(key, encode);
            return value;
        }

    }

}
