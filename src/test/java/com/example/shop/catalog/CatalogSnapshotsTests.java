package com.example.shop.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import com.example.shop.ShopTest;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read side: what it keeps is never older than the database, and it answers exactly what the
 * database would. Same application context as every {@code @ShopTest}.
 */
@ShopTest
class CatalogSnapshotsTests {

    @Autowired
    Catalog catalog;

    @Autowired
    CatalogSnapshots snapshots;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    JsonMapper json;

    @Autowired
    DataSource dataSource;

    @Autowired
    EntityManager entityManager;

    @Autowired
    ShirtRepository shirts;

    @Autowired
    CatalogProperties catalogProperties;

    private final String tag = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void everyChangeIsVisibleToTheNextRead() {
        ShirtSearch mine = new ShirtSearch(null, Set.of(), tag, null, null);
        Catalog.Snapshot before = catalog.search(mine, PageRequest.of(0, 20));
        assertThat(before.page().getContent()).isEmpty();

        ShirtView created = catalog.create(request("New " + tag, "12.00"), null).shirt();
        Catalog.Snapshot afterCreate = catalog.search(mine, PageRequest.of(0, 20));
        assertThat(afterCreate.seq()).isEqualTo(before.seq() + 1);
        assertThat(afterCreate.page().getContent()).containsExactly(created);
        assertThat(catalog.find(created.id())).contains(created);

        ShirtView updated = catalog.update(created.id(), ExpectedVersion.ANY, current -> request("New " + tag, "13.00"));
        assertThat(catalog.find(created.id())).contains(updated);
        assertThat(catalog.search(mine, PageRequest.of(0, 20)).page().getContent()).containsExactly(updated);

        catalog.delete(created.id(), ExpectedVersion.ANY);
        assertThat(catalog.find(created.id())).isEmpty();
        Catalog.Snapshot afterDelete = catalog.search(mine, PageRequest.of(0, 20));
        assertThat(afterDelete.seq()).isEqualTo(before.seq() + 3);
        assertThat(afterDelete.page().getContent()).isEmpty();
    }

    /**
     * Another shop on the same database changes a shirt: this shop heard nothing of it, and must
     * still answer the change on the next read. The change is made here as another shop's
     * {@link Catalog} makes it: the seq, the row and the change log in one transaction.
     */
    @Test
    void aChangeCommittedByAnotherShopIsVisibleToTheNextRead() {
        ShirtView shirt = catalog.create(request("Elsewhere " + tag, "20.00"), null).shirt();
        assertThat(catalog.find(shirt.id())).contains(shirt);
        long seq = catalog.currentSeq();

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ShirtView changed = new ShirtView(shirt.id(), shirt.name(), shirt.color(), shirt.sizes(), new BigDecimal("21.00"),
                shirt.currency(), shirt.description(), shirt.createdAt(), now, shirt.version() + 1);
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            jdbc.update("UPDATE catalog_sequence SET last_seq = last_seq + 1 WHERE id = 1");
            jdbc.update("UPDATE shirt SET price = ?, updated_at = ?, version = ? WHERE id = ?", changed.price(),
                    java.sql.Timestamp.from(now), changed.version(), shirt.id());
            jdbc.update("INSERT INTO catalog_event (seq, type, shirt_id, occurred_at, payload) VALUES (?, ?, ?, ?, ?)",
                    seq + 1, ShirtChanged.UPDATED, shirt.id(), java.sql.Timestamp.from(now), json.writeValueAsString(changed));
        });

        assertThat(catalog.find(shirt.id())).contains(changed);
        Catalog.Snapshot list = catalog.search(new ShirtSearch(null, Set.of(), tag, null, null), PageRequest.of(0, 20));
        assertThat(list.seq()).isEqualTo(seq + 1);
        assertThat(list.page().getContent()).containsExactly(changed);
    }

    /** Filters, sorts and pages from memory give what the same query gives from the database. */
    @Test
    void answersFromMemoryEqualAnswersFromTheDatabase() {
        catalog.create(new ShirtDetails("banana " + tag, "Yellow", Set.of(ShirtSize.M, ShirtSize.L), new BigDecimal("15.00"), "Soft 100% cotton"), null);
        catalog.create(new ShirtDetails("Banana " + tag, "yellow", Set.of(ShirtSize.M), new BigDecimal("15.0"), null), null);
        catalog.create(new ShirtDetails("apple " + tag, "green", Set.of(ShirtSize.S, ShirtSize.M, ShirtSize.XL), new BigDecimal("9.99"), "a_b"), null);
        catalog.create(new ShirtDetails("Cherry " + tag, "red", Set.of(ShirtSize.XS), new BigDecimal("30.00"), "COTTON blend"), null);
        catalog.create(new ShirtDetails("cherry " + tag, "Red", Set.of(ShirtSize.values()), new BigDecimal("30.00"), "wool"), null);

        List<ShirtSearch> searches = List.of(ShirtSearch.all(), new ShirtSearch(null, Set.of(), tag, null, null),
                new ShirtSearch(" YELLOW ", Set.of(), null, null, null), new ShirtSearch(null, Set.of(ShirtSize.M, ShirtSize.L), null, null, null),
                new ShirtSearch(null, Set.of(), "cotton", null, null), new ShirtSearch(null, Set.of(), "100%", null, null),
                new ShirtSearch(null, Set.of(), "a_b", null, null),
                new ShirtSearch(null, Set.of(ShirtSize.M), tag, new BigDecimal("10"), new BigDecimal("15")));
        List<Sort> sorts = List.of(sort(Sort.Order.asc("createdAt")), sort(Sort.Order.asc("name")),
                sort(Sort.Order.desc("name")), sort(Sort.Order.desc("price"), Sort.Order.asc("name")),
                sort(Sort.Order.asc("price"), Sort.Order.desc("createdAt")));
        var inATransaction = new TransactionTemplate(transactionManager);
        inATransaction.setReadOnly(true);
        for (ShirtSearch search : searches) {
            for (Sort sort : sorts) {
                for (Pageable pageable : List.of(PageRequest.of(0, 20, sort), PageRequest.of(1, 2, sort), PageRequest.of(50, 3, sort))) {
                    Catalog.Snapshot fromMemory = snapshots.search(search, pageable);
                    // Inside a transaction the read side asks the database, as every read did before.
                    Catalog.Snapshot fromDatabase = inATransaction.execute(status -> snapshots.search(search, pageable));
                    assertThat(fromMemory).as("%s %s", search, pageable).usingRecursiveComparison().isEqualTo(fromDatabase);
                }
            }
        }
    }

    /** A catalog larger than the limit is not kept; reads then go to the database and stay right. */
    @Test
    void aCatalogOverTheLimitIsReadFromTheDatabase() {
        var nothingKept = new CatalogSnapshots(dataSource, entityManager, shirts, transactionManager, catalogProperties,
                new CatalogSnapshotProperties(0, DataSize.ofBytes(0), 0));
        ShirtView shirt = catalog.create(request("Uncached " + tag, "5.00"), null).shirt();
        ShirtSearch mine = new ShirtSearch(null, Set.of(), tag, null, null);

        assertThat(nothingKept.find(shirt.id())).contains(shirt);
        Catalog.Snapshot list = nothingKept.search(mine, PageRequest.of(0, 20, sort(Sort.Order.asc("name"))));
        assertThat(list.seq()).isEqualTo(catalog.currentSeq());
        assertThat(list.page().getContent()).containsExactly(shirt);

        ShirtView updated = catalog.update(shirt.id(), ExpectedVersion.ANY, current -> request("Uncached " + tag, "6.00"));
        assertThat(nothingKept.find(shirt.id())).contains(updated);
    }

    private static Sort sort(Sort.Order... orders) {
        List<Sort.Order> all = new ArrayList<>(List.of(orders));
        all.add(Sort.Order.asc("id"));
        return Sort.by(all);
    }

    private static ShirtDetails request(String name, String price) {
        return new ShirtDetails(name, "white", Set.of(ShirtSize.M), new BigDecimal(price), null);
    }

}
