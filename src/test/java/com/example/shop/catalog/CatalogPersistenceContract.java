package com.example.shop.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the catalog needs from its database, run against H2 ({@link ShirtRepositoryTests}) and
 * PostgreSQL ({@link PostgresShirtRepositoryTests}): the migrations, the seed, every filter of
 * {@link ShirtSearch} as SQL, and the row lock that serializes writers. Each test rolls back, and
 * none counts on the catalog holding only the seed, so they run on a database in use too.
 * <p>
 * {@code @Transactional} is repeated here because Spring looks for it on the class that declares
 * a test method, and these methods are declared here, not in the {@code @DataJpaTest} subclasses.
 */
@Transactional
abstract class CatalogPersistenceContract {

    @Autowired
    ShirtRepository shirts;

    @Autowired
    ChangeLog changeLog;

    @Autowired
    EntityManager entityManager;

    @Autowired
    Flyway flyway;

    @Autowired
    PlatformTransactionManager transactionManager;

    /** A word no other shirt has, so a test finds exactly the shirts it made. */
    private final String tag = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void migrationsAreAllApplied() {
        var info = flyway.info();
        assertThat(info.pending()).isEmpty();
        assertThat(info.applied()).extracting(migration -> migration.getVersion().getVersion())
            .contains("1", "2");
        assertThat(info.applied()).allSatisfy(migration -> assertThat(migration.getState().isFailed()).isFalse());
    }

    @Test
    void seedHasTheThreeShirtsOfTheArticlesAndMore() {
        List<Shirt> seeded = shirts.findAll(new ShirtSearch(null, Set.of(), null, null, null).toSpecification());
        assertThat(seeded).extracting(Shirt::getName).contains("Basic", "Advanced", "Luxury", "Vintage", "Linen");
        Shirt basic = byName(seeded, "Basic");
        assertThat(basic.getColor()).isEqualTo("white");
        assertThat(basic.getPrice()).isEqualTo(new BigDecimal("19.99"));
        assertThat(basic.getSizes()).containsExactlyInAnyOrder(ShirtSize.values());
        assertThat(byName(seeded, "Advanced").getColor()).isEqualTo("blue");
        Shirt luxury = byName(seeded, "Luxury");
        assertThat(luxury.getColor()).isEqualTo("black");
        // NUMERIC(10, 2) keeps the scale: 59.00, not 59 or 59.0 as a floating-point column would.
        assertThat(luxury.getPrice()).isEqualTo(new BigDecimal("59.00"));
        assertThat(luxury.getSizes()).containsExactlyInAnyOrder(ShirtSize.S, ShirtSize.M, ShirtSize.L);
        assertThat(basic.getCreatedAt()).isEqualTo(Instant.parse("2026-01-01T09:00:00Z"));
    }

    @Test
    void colorMatchesIgnoringCase() {
        save("Plain " + tag, "Teal", "12.00", null, ShirtSize.M);
        save("Other " + tag, "teal-blue", "12.00", null, ShirtSize.M);
        assertThat(names(new ShirtSearch(" tEAL ", Set.of(), tag, null, null))).containsExactly("Plain " + tag);
    }

    @Test
    void sizesKeepOnlyShirtsOfferedInEveryOneWithoutRepeatingAShirt() {
        save("All sizes " + tag, "red", "10.00", null, ShirtSize.values());
        save("M and XL " + tag, "red", "10.00", null, ShirtSize.M, ShirtSize.XL);
        save("Only M " + tag, "red", "10.00", null, ShirtSize.M);
        save("Only XL " + tag, "red", "10.00", null, ShirtSize.XL);

        assertThat(names(new ShirtSearch(null, Set.of(ShirtSize.M, ShirtSize.XL), tag, null, null)))
            .containsExactlyInAnyOrder("All sizes " + tag, "M and XL " + tag);
        assertThat(names(new ShirtSearch(null, Set.of(ShirtSize.XS), tag, null, null))).containsExactly("All sizes " + tag);

        // A join on the sizes would give the all-sizes shirt six rows and wrong totals; EXISTS gives one.
        var page = shirts.findAll(new ShirtSearch(null, Set.of(ShirtSize.M), tag, null, null).toSpecification(),
                PageRequest.of(0, 2, Sort.by("name", "id")));
        assertThat(page.getTotalElements()).isEqualTo(3);
        assertThat(page.getTotalPages()).isEqualTo(2);
        assertThat(page.getContent()).extracting(Shirt::getName).containsExactly("All sizes " + tag, "M and XL " + tag);
    }

    @Test
    void textMatchesNameOrDescriptionIgnoringCase() {
        save("Summer " + tag, "red", "10.00", "Light COTTON", ShirtSize.M);
        save("COTTON classic " + tag, "red", "10.00", null, ShirtSize.M);
        save("Wool " + tag, "red", "10.00", "Warm", ShirtSize.M);
        assertThat(names(new ShirtSearch(null, Set.of(), "cotton", null, null)))
            .contains("Summer " + tag, "COTTON classic " + tag)
            .doesNotContain("Wool " + tag);
    }

    @Test
    void textIsMatchedLiterallyNotAsALikePattern() {
        save("100% cotton " + tag, "red", "10.00", null, ShirtSize.M);
        save("1000 cotton " + tag, "red", "10.00", null, ShirtSize.M);
        save("a_b " + tag, "red", "10.00", null, ShirtSize.M);
        save("axb " + tag, "red", "10.00", null, ShirtSize.M);
        save("back\\slash " + tag, "red", "10.00", null, ShirtSize.M);
        save("backslash " + tag, "red", "10.00", null, ShirtSize.M);

        // "100% cotton", not "100%" or "%": other tests on the same PostgreSQL database keep shirts
        // named "100% ...". As LIKE patterns, both would find "1000 cotton" as well.
        assertThat(names(new ShirtSearch(null, Set.of(), "100% cotton", null, null))).containsExactly("100% cotton " + tag);
        assertThat(names(new ShirtSearch(null, Set.of(), "a_b", null, null))).containsExactly("a_b " + tag);
        assertThat(names(new ShirtSearch(null, Set.of(), "k\\s", null, null))).containsExactly("back\\slash " + tag);
        assertThat(names(new ShirtSearch(null, Set.of(), "% cotton", null, null))).containsExactly("100% cotton " + tag);
    }

    @Test
    void priceBoundsAreInclusiveAndExact() {
        save("Cheap " + tag, "red", "9.99", null, ShirtSize.M);
        save("Ten " + tag, "red", "10.00", null, ShirtSize.M);
        save("Twenty " + tag, "red", "20.00", null, ShirtSize.M);
        save("Dear " + tag, "red", "20.01", null, ShirtSize.M);
        assertThat(names(new ShirtSearch(null, Set.of(), tag, new BigDecimal("10"), new BigDecimal("20.00"))))
            .containsExactlyInAnyOrder("Ten " + tag, "Twenty " + tag);
    }

    @Test
    void allFiltersTogether() {
        save("Match " + tag, "Green", "15.00", "soft", ShirtSize.S, ShirtSize.M);
        save("Wrong color " + tag, "red", "15.00", "soft", ShirtSize.S, ShirtSize.M);
        save("Wrong size " + tag, "green", "15.00", "soft", ShirtSize.S);
        save("Wrong price " + tag, "green", "25.00", "soft", ShirtSize.S, ShirtSize.M);
        assertThat(names(new ShirtSearch("green", Set.of(ShirtSize.M), tag, new BigDecimal("10"), new BigDecimal("20"))))
            .containsExactly("Match " + tag);
    }

    @Test
    void sortsByPriceThenIdAcrossPages() {
        save("A " + tag, "red", "30.00", null, ShirtSize.M);
        save("B " + tag, "red", "10.00", null, ShirtSize.M);
        save("C " + tag, "red", "20.00", null, ShirtSize.M);
        save("D " + tag, "red", "20.00", null, ShirtSize.M);
        var search = new ShirtSearch(null, Set.of(), tag, null, null).toSpecification();
        var sort = Sort.by(Sort.Order.desc("price"), Sort.Order.asc("id"));
        assertThat(shirts.findAll(search, PageRequest.of(0, 3, sort)).getContent()).extracting(Shirt::getName)
            .containsExactly("A " + tag, "C " + tag, "D " + tag);
        assertThat(shirts.findAll(search, PageRequest.of(1, 3, sort)).getContent()).extracting(Shirt::getName)
            .containsExactly("B " + tag);
    }

    @Test
    void sizesAndPriceSurviveARoundTrip() {
        Shirt saved = save("Round trip " + tag, "red", "10.5", "d", ShirtSize.XS, ShirtSize.XXL);
        entityManager.clear();
        Shirt read = shirts.findById(saved.getId()).orElseThrow();
        assertThat(read.getSizes()).containsExactlyInAnyOrder(ShirtSize.XS, ShirtSize.XXL);
        assertThat(read.getPrice()).isEqualTo(new BigDecimal("10.50"));
        assertThat(read.getCreatedAt()).isEqualTo(saved.getCreatedAt());
        assertThat(read.getVersion()).isZero();
    }

    /**
     * Changes are stamped with the clock of the instance that made them, so with several instances
     * a later seq may carry an earlier time. Pruning must still leave an unbroken run of seqs up to
     * the latest: with a hole, {@code /shirts/events} would skip a change instead of answering 410.
     */
    @Test
    void pruningLeavesNoHoleInTheChangeLogWhenClocksDisagree() {
        long last = entityManager.createQuery("select coalesce(max(e.seq), 0) from ChangeLogEntry e", Long.class)
            .getSingleResult();
        Instant noon = Instant.parse("3000-01-01T12:00:00Z");
        changeLog.save(new ChangeLogEntry(last + 1, ShirtChanged.CREATED, 1, noon.plusSeconds(1), "{}"));
        // Made next, by an instance whose clock is two seconds behind.
        changeLog.save(new ChangeLogEntry(last + 2, ShirtChanged.UPDATED, 1, noon.minusSeconds(1), "{}"));
        changeLog.save(new ChangeLogEntry(last + 3, ShirtChanged.UPDATED, 1, noon.plusSeconds(2), "{}"));
        entityManager.flush();

        changeLog.deleteOlderThan(noon);

        assertThat(changeLog.findBySeqGreaterThanOrderBySeqAsc(0, Limit.unlimited())).extracting(ChangeLogEntry::getSeq)
            .containsExactly(last + 3);
    }

    /**
     * Every write locks the sequence row first; a second writer must wait for the first to end,
     * which is what makes seq follow commit order. Both transactions roll back.
     */
    @Test
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    void theSequenceRowLockMakesASecondWriterWait() throws Exception {
        var tx = new TransactionTemplate(transactionManager);
        var firstHoldsLock = new CountDownLatch(1);
        var releaseFirst = new CountDownLatch(1);
        CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            long seq = lockSequence().last();
            firstHoldsLock.countDown();
            awaitLatch(releaseFirst);
            status.setRollbackOnly();
            return seq;
        }));
        assertThat(firstHoldsLock.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            long seq = lockSequence().last();
            status.setRollbackOnly();
            return seq;
        }));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !second.isDone());

        releaseFirst.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(first.get());
    }

    private CatalogSequence lockSequence() {
        return entityManager.find(CatalogSequence.class, CatalogSequence.ID, LockModeType.PESSIMISTIC_WRITE);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Never released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private Shirt save(String name, String color, String price, String description, ShirtSize... sizes) {
        return shirts.saveAndFlush(new Shirt(new ShirtDetails(name, color, Set.of(sizes), new BigDecimal(price), description),
                Instant.now()));
    }

    private List<String> names(ShirtSearch search) {
        return shirts.findAll(search.toSpecification(), Sort.by("name")).stream().map(Shirt::getName).toList();
    }

    private static Shirt byName(List<Shirt> shirts, String name) {
        return shirts.stream().filter(shirt -> shirt.getName().equals(name)).findFirst().orElseThrow();
    }

}
