package com.example.shop.catalog;

import com.example.shop.ShopTest;

/**
 * The catalog's persistence on H2, the default database: migrations, seed, filters, locking. The
 * tests and their assertions are in {@link CatalogPersistenceContract}, shared with PostgreSQL.
 * They roll back and count on no particular catalog, so they run on the shop every
 * {@code @ShopTest} shares.
 */
@ShopTest
class ShirtRepositoryTests extends CatalogPersistenceContract {

}
