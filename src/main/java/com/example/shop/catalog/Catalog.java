package com.example.shop.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's domain service: the only way shirts are created, changed and deleted, whoever
 * asks (the REST API today, other entry points later).
 * <p>
 * Each write first locks the catalog sequence, so writes run one at a time and get consecutive
 * sequence numbers in commit order. The change is stored in the change log and published as a
 * {@link ShirtChanged} event in the same transaction; listeners that push it to clients use
 * {@code @TransactionalEventListener}, so a rolled-back change is never announced.
 */
@Service
@Transactional
public class Catalog {

    private static final Logger log = LoggerFactory.getLogger(Catalog.class);

    private final ShirtRepository shirts;

    private final ChangeLog changeLog;

    private final IdempotencyRecordRepository idempotencyKeys;

    private final CatalogSequenceRepository sequences;

    private final ApplicationEventPublisher events;

    private final JsonMapper json;

    private final CatalogProperties properties;

    private final Clock clock;

    private final CatalogSnapshots snapshots;

    private volatile @Nullable String epoch;

    Catalog(ShirtRepository shirts, ChangeLog changeLog, IdempotencyRecordRepository idempotencyKeys,
            CatalogSequenceRepository sequences, ApplicationEventPublisher events, JsonMapper json,
            CatalogProperties properties, Clock clock, CatalogSnapshots snapshots) {
        this.shirts = shirts;
        this.changeLog = changeLog;
        this.idempotencyKeys = idempotencyKeys;
        this.sequences = sequences;
        this.events = events;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.snapshots = snapshots;
    }

    /** The outcome of a create: the shirt, and whether it was made earlier under the same idempotency key. */
    public record Created(ShirtView shirt, boolean replayed) {
    }

    /** One page of the catalog and the seq of the snapshot it was read from. */
    public record Snapshot(Page<ShirtView> page, long seq) {
    }

    /** Changes after a seq, oldest first, and the latest seq at the time they were read. */
    public record Changes(List<ShirtChanged> events, long seq) {
    }

    public Created create(ShirtDetails details, @Nullable String idempotencyKey) {
        CatalogSequence sequence = lockSequence();
        if (idempotencyKey != null) {
            // The sequence lock serializes writers, so a concurrent retry with the same key sees this row.
            Optional<IdempotencyRecord> earlier = idempotencyKeys.findById(idempotencyKey);
            if (earlier.isPresent()) {
                IdempotencyRecord record = earlier.get();
                if (!record.getFingerprint().equals(details.fingerprint())) {
                    throw new IdempotencyKeyReusedException(idempotencyKey, record.getShirtId());
                }
                return new Created(find(record.getShirtId())
                    .orElseThrow(() -> ShirtNotFoundException.deletedSince(idempotencyKey, record.getShirtId())), true);
            }
        }
        Instant now = clock.instant();
        Shirt shirt = shirts.saveAndFlush(new Shirt(details, now));
        if (idempotencyKey != null) {
            idempotencyKeys.save(new IdempotencyRecord(idempotencyKey, details.fingerprint(), idOf(shirt), now));
        }
        return new Created(record(sequence, ShirtChanged.CREATED, view(shirt), now), false);
    }

    /**
     * Changes a shirt: {@code change} maps the current shirt to its new details (a replacement
     * ignores it, a partial change merges into it). Details equal to the current ones change
     * nothing and announce nothing, so retrying a replacement is harmless.
     *
     * @throws ShirtNotFoundException if there is no such shirt
     * @throws VersionConflictException if the shirt is not at the expected version
     */
    public ShirtView update(long id, ExpectedVersion expected, Function<ShirtView, ShirtDetails> change) {
        CatalogSequence sequence = lockSequence();
        Shirt shirt = shirts.findById(id).orElseThrow(() -> new ShirtNotFoundException(id));
        ShirtView current = view(shirt);
        checkVersion(current, expected);
        ShirtDetails details = change.apply(current);
        if (details.fingerprint().equals(ShirtDetails.of(current).fingerprint())) {
            return current;
        }
        Instant now = clock.instant();
        shirt.apply(details, now);
        shirts.flush();
        return record(sequence, ShirtChanged.UPDATED, view(shirt), now);
    }

    /**
     * @throws ShirtNotFoundException if there is no such shirt
     * @throws VersionConflictException if the shirt is not at the expected version
     */
    public ShirtView delete(long id, ExpectedVersion expected) {
        CatalogSequence sequence = lockSequence();
        Shirt shirt = shirts.findById(id).orElseThrow(() -> new ShirtNotFoundException(id));
        ShirtView current = view(shirt);
        checkVersion(current, expected);
        shirts.delete(shirt);
        shirts.flush();
        return record(sequence, ShirtChanged.DELETED, current, clock.instant());
    }

    // Reads start no transaction of their own: CatalogSnapshots answers from memory after one
    // primary-key read of the seq, and opens a transaction only when it must read the catalog.

    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<ShirtView> find(long id) {
        return snapshots.find(id);
    }

    /**
     * The shirt as last committed, from what is kept in memory whenever it is current, even inside
     * the caller's transaction, where {@link #find} loads the entity so that the caller sees its own
     * changes. For a transaction that changes no shirt and only prices or names one (a checkout):
     * it costs one read of the seq on the caller's connection, not a load of the shirt.
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Optional<ShirtView> findCommitted(long id) {
        return snapshots.findCommitted(id);
    }

    /**
     * A page of the catalog together with the seq it reflects, both from the same state, so a
     * client that applies only changes after this seq misses none and repeats none.
     */
    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public Snapshot search(ShirtSearch search, Pageable pageable) {
        return snapshots.search(search, pageable);
    }

    @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
    public long currentSeq() {
        return snapshots.currentSeq();
    }

    /**
     * The epoch of the change log: a random id made with the database. A seq names a change only
     * within its epoch; a client holding a seq of another epoch must reload. Read once, as it
     * changes only with the database; {@link #readEpoch()} reads it again.
     */
    public String epoch() {
        String known = epoch;
        return known != null ? known : readEpoch();
    }

    /** Reads the epoch from the database again (when the database may have been replaced). */
    public String readEpoch() {
        String read = snapshots.epoch();
        epoch = read;
        return read;
    }

    /**
     * The changes after {@code after}, oldest first: at most {@code limit} of them, and never more
     * than {@code shop.catalog.events-page-size}, which is also what a {@code null} limit means.
     *
     * @throws HistoryGoneException if changes after {@code after} were already pruned, or
     *         {@code after} is ahead of the catalog (a client of another database)
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Changes changesAfter(long after, @Nullable Integer limit) {
        long latest = currentSeq();
        Long oldest = changeLog.findOldestSeq();
        long oldestKept = oldest == null ? latest + 1 : oldest;
        if (after + 1 < oldestKept || after > latest) {
            throw new HistoryGoneException(after, oldestKept, latest);
        }
        int size = limit == null ? properties.eventsPageSize() : Math.max(1, Math.min(limit, properties.eventsPageSize()));
        List<ShirtChanged> changes = changeLog.findBySeqGreaterThanOrderBySeqAsc(after, Limit.of(size))
            .stream()
            .map(event -> new ShirtChanged(event.getType(), event.getSeq(), event.getOccurredAt(),
                    json.readValue(event.getPayload(), ShirtView.class)))
            .toList();
        return new Changes(changes, latest);
    }

    public String currency() {
        return properties.currency().getCurrencyCode();
    }

    /**
     * Forgets changes and idempotency keys older than their retention; run every
     * {@code shop.catalog.prune-interval} (see {@link CatalogConfiguration}).
     */
    public void prune() {
        Instant now = clock.instant();
        int events = changeLog.deleteOlderThan(now.minus(properties.eventsRetention()));
        int keys = idempotencyKeys.deleteOlderThan(now.minus(properties.idempotencyRetention()));
        if (events + keys > 0) {
            log.info("Pruned {} catalog changes and {} idempotency keys", events, keys);
        }
    }

    private CatalogSequence lockSequence() {
        @Nullable CatalogSequence sequence = sequences.findForUpdateById(CatalogSequence.ID);
        if (sequence == null) {
            // Hibernate answers null instead of throwing when the locking statement failed and the
            // transaction is already rolled back (HHH-12472): the connection broke, say, while
            // waiting for the lock. Going on would write without the lock.
            throw new CannotAcquireLockException("The catalog sequence could not be locked; the transaction was rolled back");
        }
        return sequence;
    }

    private ShirtView record(CatalogSequence sequence, String type, ShirtView shirt, Instant now) {
        long seq = sequence.next();
        // Both databases keep microseconds: the message announced now must equal the one replayed
        // later from the change log, byte for byte.
        Instant occurredAt = now.truncatedTo(ChronoUnit.MICROS);
        changeLog.save(new ChangeLogEntry(seq, type, shirt.id(), occurredAt, json.writeValueAsString(shirt)));
        events.publishEvent(new ShirtChanged(type, seq, occurredAt, shirt));
        return shirt;
    }

    // Checked under the lock, so the version cannot change between this check and the write.
    private static void checkVersion(ShirtView current, ExpectedVersion expected) {
        if (!expected.matches(current.version())) {
            throw new VersionConflictException(current.id(), current.version());
        }
    }

    private ShirtView view(Shirt shirt) {
        return ShirtView.of(shirt, currency());
    }

    private static long idOf(Shirt shirt) {
        Long id = shirt.getId();
        if (id == null) {
            throw new IllegalStateException("A saved shirt has an id");
        }
        return id;
    }

}
