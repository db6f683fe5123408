package com.example.shop.ordering.live;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import com.example.shop.live.feed.OrderedLog;
import com.example.shop.ordering.Order;
import com.example.shop.ordering.OrderChanged;
import com.example.shop.ordering.OrderEvents;

/**
 * The order-events log as the live core reads it, in one of two views: every shopper's own
 * ({@link #owners}: each entry keyed by its owner and numbered by the owner's own seq, which is also
 * the {@code seq} of the message) or everyone's ({@link #everyone}: unkeyed, numbered by the log's
 * seq). Two views and not one log with two channels: a message's body carries its {@code seq}, and
 * the live core writes a body once per entry, so the two numberings need two entries.
 * <p>
 * A seq is gone when it is ahead of the log (or of the owner's entries), or when the entries that
 * follow it were pruned ({@link OrderEvents#prune}): then the first entry kept after it is not the
 * next one, or nothing is kept up to the latest. Told so, the live core sends the channel's reload.
 * Found from the page read rather than from the oldest seq read before it, so a prune between the
 * two reads cannot leave a silent gap.
 */
final class OrderLog implements OrderedLog {

    /**
     * A message of {@code /user/queue/orders} and {@code /topic/orders}.
     *
     * @param type {@link OrderChanged#PLACED} or {@link OrderChanged#STATUS}
     * @param seq the owner's own seq on {@code /user/queue/orders}, the log's seq on {@code /topic/orders}
     * @param order the order after the change, as {@code GET /orders/{id}} answers it, with its
     *        {@code version} (the value of its ETag) besides
     */
    record OrderMessage(String type, long seq, Order order) {
    }

    private final OrderEvents events;

    private final boolean keyed;

    private OrderLog(OrderEvents events, boolean keyed) {
        this.events = events;
        this.keyed = keyed;
    }

    static OrderLog owners(OrderEvents events) {
        return new OrderLog(events, true);
    }

    static OrderLog everyone(OrderEvents events) {
        return new OrderLog(events, false);
    }

    /** The entry of a change, in this view. */
    Entry entry(OrderChanged change) {
        if (keyed) {
            return new Entry(change.seq(), change.owner(), change.ownerSeq(), change.type(),
                    new OrderMessage(change.type(), change.ownerSeq(), change.order()));
        }
        return Entry.of(change.seq(), change.type(), new OrderMessage(change.type(), change.seq(), change.order()));
    }

    @Override
    public String epoch() {
        return events.epoch();
    }

    @Override
    public long latestSeq() {
        return events.latestSeq();
    }

    @Override
    public Page after(long seq, int limit) {
        long latest = events.latestSeq();
        if (seq > latest) {
            throw new GoneException("The order log has no seq " + seq + " yet; its latest is " + latest + ".", true);
        }
        List<Entry> entries = events.after(seq, limit).stream().map(this::entry).toList();
        return page(seq, latest, limit, entries, Entry::seq,
                () -> "The order log no longer keeps the events after seq " + seq + "; its latest is " + latest + ".");
    }

    @Override
    public long latestSeq(String key) {
        return events.latestSeqOf(key);
    }

    @Override
    public Page after(String key, long keySeq, int limit) {
        long latest = events.latestSeqOf(key);
        if (keySeq > latest) {
            throw new GoneException("Your orders have no seq " + keySeq + " yet; the latest is " + latest + ".", true);
        }
        List<Entry> entries = events.afterOf(key, keySeq, limit).stream().map(this::entry).toList();
        return page(keySeq, latest, limit, entries, Entry::keySeq,
                () -> "Your order events after seq " + keySeq + " are no longer kept; the latest is " + latest + ".");
    }

    /**
     * The entries read after {@code from}, numbered by {@code seqOf} (the log's seq or the owner's):
     * gone, with {@code gone}'s words, when the first one kept is not the next one, since those
     * before it were pruned.
     */
    private static Page page(long from, long latest, int limit, List<Entry> entries, ToLongFunction<Entry> seqOf,
            Supplier<String> gone) {
        if (limit > 0 && from < latest && (entries.isEmpty() || seqOf.applyAsLong(entries.get(0)) != from + 1)) {
            throw new GoneException(gone.get(), false);
        }
        return new Page(entries, entries.isEmpty() ? latest : Math.max(latest, seqOf.applyAsLong(entries.get(entries.size() - 1))));
    }

    @Override
    public String toString() {
        return keyed ? "OrderLog[owners]" : "OrderLog[everyone]";
    }

}
