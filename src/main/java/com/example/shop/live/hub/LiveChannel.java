package com.example.shop.live.hub;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import com.example.shop.live.feed.OrderedLog;

/**
 * A live channel, registered as a bean: adding one adds no path through the transports. STOMP
 * clients SUBSCRIBE to its {@link #destination()}; with an {@link #ssePath()}, the same messages
 * are also a Server-Sent Events stream there. Who may follow it is its {@link #access()} rule, asked
 * on every SUBSCRIBE: a destination no channel registers, or a refusal, gets an ERROR frame.
 */
public sealed interface LiveChannel {

    /** The STOMP destination, such as {@code /topic/shirts}. */
    String destination();

    /** The path of its Server-Sent Events stream, or {@code null} for none. */
    @Nullable String ssePath();

    AccessRule access();

    /**
     * A channel of the entries of an ordered log. Each MESSAGE carries headers {@code seq} (the
     * entry's seq, or its key seq for a keyed stream) and {@code epoch}; a subscriber resumes with
     * {@code after:<seq>} (and {@code epoch}) on SUBSCRIBE, or {@code Last-Event-ID: <epoch>:<seq>}:
     * it is replayed what follows from the log, then goes on live, without a gap or a repeat. When
     * its seq is no longer kept, ahead of the log, of another epoch, or more than the transport's
     * most replayed changes behind, it gets one {@link #reloadType()} message instead (on SSE a
     * {@code reload} event): it must read the state again, at the seq given, and apply only later
     * entries. Several channels may share one log (and one feed thread); an access rule that grants
     * a key makes the stream keyed.
     *
     * @param reloadType the {@code type} of the message that tells a STOMP subscriber to reload
     * @param reloadAdvice what the SSE {@code reload} event adds to say how to reload
     */
    record Log(String destination, @Nullable String ssePath, AccessRule access, OrderedLog log, String reloadType,
            String reloadAdvice) implements LiveChannel {
    }

    /**
     * A channel of a state: a subscriber first gets the current state of its key (the
     * {@link #snapshot()}, answered on the subscribing thread: it must not wait for long), then
     * every message its owner {@link LiveHub#publish publishes} for that key after it. Nothing is
     * replayed; a reconnecting client gets a new snapshot.
     *
     * @param snapshot the current state of a key ({@code null} for an unkeyed channel)
     */
    record State(String destination, @Nullable String ssePath, AccessRule access,
            Function<@Nullable String, LiveMessage> snapshot) implements LiveChannel {
    }

}
