package com.example.shop.catalog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface ChangeLog extends Repository<ChangeLogEntry, Long> {

    ChangeLogEntry save(ChangeLogEntry event);

    List<ChangeLogEntry> findBySeqGreaterThanOrderBySeqAsc(long after, Limit limit);

    @Query("select min(e.seq) from ChangeLogEntry e")
    @Nullable Long findOldestSeq();

    /**
     * Forgets the changes up to the latest one made before {@code before}. Not every change older
     * than that: with several instances of the shop a later seq can carry an earlier time (each
     * stamps with its own clock), and deleting by time alone would then leave a hole in the log,
     * which catch-up would skip instead of answering 410.
     */
    @Modifying
    @Query("delete from ChangeLogEntry e where e.seq <= (select max(o.seq) from ChangeLogEntry o where o.occurredAt < :before)")
    int deleteOlderThan(Instant before);

}
