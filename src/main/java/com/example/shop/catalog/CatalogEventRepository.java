package com.example.shop.catalog;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface CatalogEventRepository extends Repository<CatalogEvent, Long> {

    CatalogEvent save(CatalogEvent event);

    List<CatalogEvent> findBySeqGreaterThanOrderBySeqAsc(long after, Limit limit);

    @Query("select min(e.seq) from CatalogEvent e")
    @Nullable Long findOldestSeq();

    @Modifying
    @Query("delete from CatalogEvent e where e.occurredAt < :before")
    int deleteOlderThan(Instant before);

}
