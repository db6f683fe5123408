package com.example.shop.live.feed;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A durable log of entries, each with a gap-free {@code seq} in commit order, within an
 * {@code epoch} (a random id of the log's database: a restore or reset gives a new one, and a seq
 * of another epoch means nothing here). This is all the live core needs of a source to serve a
 * log channel: a subscriber resumes with the last seq it applied and is replayed what follows.
 * <p>
 * An entry may carry a {@code key} (a shopper's id, say) and a {@code keySeq}, gap-free among the
 * entries of that key only. One log then feeds an unkeyed channel (every entry, resumed by
 * {@code seq}) and a keyed one (each subscriber only its key's entries, resumed by {@code keySeq},
 * which tells it nothing of other keys). A log without keys need not implement the keyed reads.
 * <p>
 * Reads may be called from any thread, and must not depend on a transaction of the caller.
 */
public interface OrderedLog {

    /** The log's epoch. */
    String epoch();

    /** The latest committed seq; 0 when the log is empty. */
    long latestSeq();

    /**
     * The entries after {@code seq}, oldest first, at most {@code limit} (a log may answer fewer,
     * such as a page size of its own; never none while there are more).
     *
     * @throws GoneException when entries after {@code seq} are no longer kept, or {@code seq} is
     *         ahead of the log
     */
    Page after(long seq, int limit);

    /** The latest {@code keySeq} of {@code key}; 0 when the key has no entries. */
    default long latestSeq(String key) {
        throw new UnsupportedOperationException("This log has no keys");
    }

    /**
     * The entries of {@code key} after its {@code keySeq}, oldest first, at most {@code limit}.
     *
     * @throws GoneException when they are no longer kept, or {@code keySeq} is ahead of the key's
     */
    default Page after(String key, long keySeq, int limit) {
        throw new UnsupportedOperationException("This log has no keys");
    }

    /**
     * One entry of the log.
     *
     * @param seq the entry's place in the whole log
     * @param key whom it concerns, for keyed channels; {@code null} in a log without keys
     * @param keySeq its place among the entries of its key; equal to {@code seq} without a key
     * @param type the message type (the SSE {@code event:}, and a field of the body as a rule)
     * @param body what subscribers receive, written as JSON once per entry
     */
    record Entry(long seq, @Nullable String key, long keySeq, String type, Object body) {

        /** An entry of a log without keys. */
        public static Entry of(long seq, String type, Object body) {
            return new Entry(seq, null, seq, type, body);
        }

    }

    /**
     * A page of entries and the log's latest seq as of the read (of the key, for a keyed read):
     * while the last entry's seq is below it there are more.
     */
    record Page(List<Entry> entries, long latestSeq) {
    }

    /** Entries asked for are no longer kept, or the seq asked for is ahead of the log. */
    final class GoneException extends RuntimeException {

        private final boolean ahead;

        public GoneException(String message, boolean ahead) {
            super(message, null, false, false);
            this.ahead = ahead;
        }

        /** Whether the seq asked for is ahead of the log, rather than pruned. */
        public boolean ahead() {
            return ahead;
        }

    }

}
