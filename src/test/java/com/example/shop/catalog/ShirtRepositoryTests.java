package com.example.shop.catalog;

import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;

/**
 * The catalog's persistence on H2, the default database: migrations, seed, filters, locking. The
 * tests and their assertions are in {@link CatalogPersistenceContract}, shared with PostgreSQL.
 */
@DataJpaTest
class ShirtRepositoryTests extends CatalogPersistenceContract {

}
