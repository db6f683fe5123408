package com.example.shop.catalog.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

import com.example.shop.catalog.CatalogSnapshotProperties;
import com.example.shop.catalog.ShirtSearch;

/**
 * The JSON of {@code GET /shirts} answers, written once per query and catalog seq. An answer is
 * kept under the seq of the snapshot it was rendered from, and served only to a request that found
 * that same seq in the database, so its page and its seq always agree and a change is never hidden.
 * <p>
 * Only the newest seq's answers are kept: a change makes all of them useless at once. Their size
 * is bounded by {@code shop.catalog.snapshot.answer-cache-size}; when it is reached the answers
 * are dropped and the cache fills again with what is asked next, which keeps the popular queries.
 */
@Component
class ListAnswers {

    /** What one kept answer costs besides its bytes: the key, the map entry, the array header. */
    private static final int OVERHEAD = 256;

    private final long budget;

    private final AtomicReference<Generation> current = new AtomicReference<>(new Generation(Long.MIN_VALUE));

    ListAnswers(CatalogSnapshotProperties properties) {
        this.budget = properties.answerCacheSize().toBytes();
    }

    record Query(ShirtSearch search, Pageable pageable) {
    }

    byte @Nullable [] get(Query query, long seq) {
        Generation generation = current.get();
        return generation.seq == seq ? generation.answers.get(query) : null;
    }

    void put(Query query, long seq, byte[] json) {
        long cost = json.length + OVERHEAD;
        if (cost > budget) {
            return;
        }
        Generation generation = current.get();
        if (generation.seq != seq) {
            // Seqs only grow: an answer rendered from an older snapshot than the kept ones is not kept.
            if (seq < generation.seq) {
                return;
            }
            Generation newer = new Generation(seq);
            generation = current.compareAndSet(generation, newer) ? newer : current.get();
            if (generation.seq != seq) {
                return;
            }
        }
        if (generation.bytes.addAndGet(cost) > budget) {
            current.compareAndSet(generation, new Generation(seq));
            return;
        }
        generation.answers.putIfAbsent(query, json);
    }

    private static final class Generation {

        final long seq;

        final ConcurrentHashMap<Query, byte[]> answers = new ConcurrentHashMap<>();

        final AtomicLong bytes = new AtomicLong();

        Generation(long seq) {
            this.seq = seq;
        }

    }

}
