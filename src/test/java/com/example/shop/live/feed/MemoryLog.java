package com.example.shop.live.feed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An {@link OrderedLog} in memory for the layer tests: entries appended in order, optionally with a
 * key (each key numbered on its own), the oldest forgotten on demand.
 */
public final class MemoryLog implements OrderedLog {

    private final List<Entry> entries = new ArrayList<>();

    private final Map<String, Long> keySeqs = new HashMap<>();

    private volatile String epoch;

    private long oldestKept = 1;

    public volatile int reads;

    public MemoryLog(String epoch) {
        this.epoch = epoch;
    }

    public synchronized Entry append(@Nullable String key, String type, Object body) {
        long seq = entries.size() + 1;
        long keySeq = key == null ? seq : keySeqs.merge(key, 1L, Long::sum);
        Entry entry = new Entry(seq, key, keySeq, type, body);
        entries.add(entry);
        return entry;
    }

    public Entry append(Object body) {
        return append(null, "test", body);
    }

    /** Forgets every entry up to {@code seq}. */
    public synchronized void pruneUpTo(long seq) {
        oldestKept = seq + 1;
    }

    public void newEpoch(String epoch) {
        this.epoch = epoch;
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public synchronized long latestSeq() {
        return entries.size();
    }

    @Override
    public synchronized Page after(long seq, int limit) {
        reads++;
        if (seq + 1 < oldestKept || seq > entries.size()) {
            throw new GoneException("gone after " + seq, seq > entries.size());
        }
        List<Entry> page = entries.subList((int) seq, (int) Math.min(entries.size(), seq + Math.min(limit, 1000)));
        return new Page(List.copyOf(page), entries.size());
    }

    @Override
    public synchronized long latestSeq(String key) {
        return keySeqs.getOrDefault(key, 0L);
    }

    @Override
    public synchronized Page after(String key, long keySeq, int limit) {
        reads++;
        long latest = latestSeq(key);
        List<Entry> ofKey = entries.stream().filter(entry -> key.equals(entry.key())).toList();
        if (keySeq > latest || (keySeq < latest && ofKey.get((int) keySeq).seq() < oldestKept)) {
            throw new GoneException("gone after " + keySeq + " of " + key, keySeq > latest);
        }
        return new Page(List.copyOf(ofKey.subList((int) keySeq, (int) Math.min(ofKey.size(), keySeq + limit))), latest);
    }

}
