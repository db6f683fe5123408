package com.example.shop.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The read side of the catalog: the whole catalog in memory as of one seq, and the answers of
 * {@link Catalog#find} and {@link Catalog#search} computed from it.
 * <p>
 * Every read first asks the database for the current seq, one primary-key read outside any
 * transaction. Only when it differs from the seq of what is kept is the catalog read again, once
 * for all waiting readers. That one read is what keeps the guarantees of reading the database
 * every time: a change is visible to the next read after its commit, whichever shop on the same
 * database made it; and a page and the seq it names always come from the same state, since every
 * change bumps the seq in its own transaction. Listening for changes instead (events, NOTIFY)
 * would save the read but arrive after the commit, so a writer could read its old state back.
 * <p>
 * A catalog larger than {@code shop.catalog.snapshot.max-shirts} is not kept; then every read
 * goes to the database in one repeatable-read transaction, as it did before anything was kept.
 */
@Component
class CatalogSnapshots {

    private static final String CURRENT_SEQ = "SELECT last_seq FROM catalog_sequence WHERE id = " + CatalogSequence.ID;

    private static final String EPOCH = "SELECT epoch FROM catalog_sequence WHERE id = " + CatalogSequence.ID;

    /** Attempts to read a consistent catalog without locking before taking the writers' lock. */
    private static final int OPTIMISTIC_ATTEMPTS = 3;

    private final JdbcClient jdbc;

    private final EntityManager entityManager;

    private final ShirtRepository shirts;

    private final CatalogProperties catalogProperties;

    private final CatalogSnapshotProperties properties;

    private final TransactionTemplate readCommitted;

    private final TransactionTemplate repeatableRead;

    private final TransactionTemplate locking;

    private final Object reloading = new Object();

    private volatile @Nullable Kept kept;

    CatalogSnapshots(DataSource dataSource, EntityManager entityManager, ShirtRepository shirts,
            PlatformTransactionManager transactionManager, CatalogProperties catalogProperties,
            CatalogSnapshotProperties properties) {
        this.jdbc = JdbcClient.create(dataSource);
        this.entityManager = entityManager;
        this.shirts = shirts;
        this.catalogProperties = catalogProperties;
        this.properties = properties;
        this.readCommitted = new TransactionTemplate(transactionManager);
        this.readCommitted.setReadOnly(true);
        this.readCommitted.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.repeatableRead = new TransactionTemplate(transactionManager);
        this.repeatableRead.setReadOnly(true);
        this.repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.locking = new TransactionTemplate(transactionManager);
        this.locking.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    }

    /**
     * The last committed seq. Plain JDBC, because a JPA transaction around one primary-key read
     * costs more than the read; inside a caller's transaction it runs on that transaction's
     * connection, so it sees what the caller sees.
     */
    long currentSeq() {
        return jdbc.sql(CURRENT_SEQ).query(Long.class).single();
    }

    /** The change log's epoch, as stored (V4__change_log_epoch.sql). */
    String epoch() {
        return jdbc.sql(EPOCH).query(String.class).single();
    }

    Optional<ShirtView> find(long id) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // The caller's transaction decides what it sees, its own uncommitted changes included.
            return shirts.findById(id).map(this::view);
        }
        Kept current = current();
        if (current.shirts != null) {
            return Optional.ofNullable(current.byId.get(id));
        }
        return readCommitted.execute(status -> shirts.findById(id).map(this::view));
    }

    Optional<ShirtView> findCommitted(long id) {
        Kept current = kept;
        // Only what is kept for the current seq; in a transaction, a catalog that moved on is not
        // read again here (that is for readers without locks), but the one shirt is loaded.
        if (current != null && current.shirts != null && current.seq == currentSeq()) {
            return Optional.ofNullable(current.byId.get(id));
        }
        return find(id);
    }

    Catalog.Snapshot search(ShirtSearch search, Pageable pageable) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return query(search, pageable);
        }
        Kept current = current();
        if (current.shirts != null) {
            return current.search(search, pageable);
        }
        return repeatableRead.execute(status -> query(search, pageable));
    }

    /** From the database: repeatable read makes the page and the seq come from one snapshot. */
    private Catalog.Snapshot query(ShirtSearch search, Pageable pageable) {
        long seq = entityManager.find(CatalogSequence.class, CatalogSequence.ID).last();
        return new Catalog.Snapshot(shirts.findAll(search.toSpecification(), pageable).map(this::view), seq);
    }

    /** What is kept for the database's current seq, read again first if that seq moved on. */
    private Kept current() {
        long seq = currentSeq();
        Kept current = kept;
        if (current != null && current.seq == seq) {
            return current;
        }
        synchronized (reloading) {
            current = kept;
            if (current != null && current.seq == seq) {
                return current;
            }
            current = load();
            kept = current;
            return current;
        }
    }

    /**
     * Reads the catalog between two reads of the seq: when both are equal, no change committed in
     * between (every change bumps the seq in its transaction), so the shirts are the state of that
     * seq. Read committed is enough for this and never waits for a writer. If writers keep
     * committing, the last attempt takes the lock they take, which holds off the next one.
     */
    private Kept load() {
        for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
            Kept candidate = readCommitted.execute(status -> {
                long before = currentSeq();
                Kept read = read(before);
                return currentSeq() == before ? read : null;
            });
            if (candidate != null) {
                return candidate;
            }
        }
        Kept locked = locking.execute(status -> read(
                entityManager.find(CatalogSequence.class, CatalogSequence.ID, LockModeType.PESSIMISTIC_WRITE).last()));
        if (locked == null) {
            throw new IllegalStateException("A transaction template answered nothing");
        }
        return locked;
    }

    private Kept read(long seq) {
        long count = entityManager.createQuery("select count(s) from Shirt s", Long.class).getSingleResult();
        if (count > properties.maxShirts()) {
            return new Kept(seq, null, Map.of(), Map.of(), sortedLists());
        }
        // Ordered by name here, so that sorting by name in memory follows the database's collation.
        List<Shirt> rows = entityManager
            .createQuery("select s from Shirt s left join fetch s.sizes order by s.name, s.id", Shirt.class)
            .getResultList();
        List<ShirtView> views = new ArrayList<>(rows.size());
        Map<Long, ShirtView> byId = new HashMap<>();
        Map<Long, Integer> nameRank = new HashMap<>();
        int rank = 0;
        String previousName = null;
        for (Shirt row : rows) {
            ShirtView view = view(row);
            if (byId.putIfAbsent(view.id(), view) != null) {
                continue;
            }
            if (!view.name().equals(previousName)) {
                rank++;
                previousName = view.name();
            }
            views.add(view);
            nameRank.put(view.id(), rank);
        }
        return new Kept(seq, List.copyOf(views), Map.copyOf(byId), Map.copyOf(nameRank), sortedLists());
    }

    /**
     * Filtered and sorted lists of one seq, by search and sort. A client that pages through a list,
     * or varies only the page, pays for one sort of at most {@code max-shirts} shirts, not one per
     * page; the cache is bounded in entries, and dropped with its seq.
     */
    private Cache<SortedKey, List<ShirtView>> sortedLists() {
        return Caffeine.newBuilder().maximumSize(properties.sortedLists()).build();
    }

    private record SortedKey(ShirtSearch search, Sort sort) {
    }

    private ShirtView view(Shirt shirt) {
        return ShirtView.of(shirt, catalogProperties.currency().getCurrencyCode());
    }

    /**
     * The catalog as of {@code seq}, or only that seq ({@code shirts} null) when the catalog was too
     * large to keep.
     */
    private record Kept(long seq, @Nullable List<ShirtView> shirts, Map<Long, ShirtView> byId,
            Map<Long, Integer> nameRank, Cache<SortedKey, List<ShirtView>> sorted) {

        /** Filter, count, sort and cut the page, as the database would. */
        Catalog.Snapshot search(ShirtSearch search, Pageable pageable) {
            List<ShirtView> matches = sorted.get(new SortedKey(search, pageable.getSort()), this::filterAndSort);
            int from = (int) Math.min(pageable.getOffset(), matches.size());
            int to = (int) Math.min((long) from + pageable.getPageSize(), matches.size());
            return new Catalog.Snapshot(new PageImpl<>(List.copyOf(matches.subList(from, to)), pageable, matches.size()),
                    seq);
        }

        private List<ShirtView> filterAndSort(SortedKey key) {
            List<ShirtView> all = shirts == null ? List.of() : shirts;
            // Each match carries its name's rank, so that comparing two names is comparing two ints,
            // not two map look-ups: a sort of 10,000 shirts makes about 130,000 comparisons.
            List<Ranked> matches = new ArrayList<>();
            for (ShirtView shirt : all) {
                if (key.search().matches(shirt)) {
                    matches.add(new Ranked(shirt, nameRank.get(shirt.id())));
                }
            }
            matches.sort(comparator(key.sort()));
            List<ShirtView> sorted = new ArrayList<>(matches.size());
            for (Ranked match : matches) {
                sorted.add(match.shirt());
            }
            return Collections.unmodifiableList(sorted);
        }

        private static Comparator<Ranked> comparator(Sort sort) {
            Comparator<Ranked> order = (a, b) -> 0;
            for (Sort.Order by : sort) {
                Comparator<Ranked> key = switch (by.getProperty()) {
                    case "name" -> Comparator.comparingInt(Ranked::nameRank);
                    case "price" -> Comparator.comparing(ranked -> ranked.shirt().price());
                    case "createdAt" -> Comparator.comparing(ranked -> ranked.shirt().createdAt());
                    case "updatedAt" -> Comparator.comparing(ranked -> ranked.shirt().updatedAt());
                    case "id" -> Comparator.comparingLong(ranked -> ranked.shirt().id());
                    default -> throw new IllegalArgumentException("Cannot sort shirts by " + by.getProperty());
                };
                order = order.thenComparing(by.isAscending() ? key : key.reversed());
            }
            return order;
        }

        private record Ranked(ShirtView shirt, int nameRank) {
        }

    }

}
