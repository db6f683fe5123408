package com.example.shop.catalog;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface IdempotencyRecordRepository extends Repository<IdempotencyRecord, String> {

    Optional<IdempotencyRecord> findById(String key);

    IdempotencyRecord save(IdempotencyRecord record);

    @Modifying
    @Query("delete from IdempotencyRecord r where r.createdAt < :before")
    int deleteOlderThan(Instant before);

}
