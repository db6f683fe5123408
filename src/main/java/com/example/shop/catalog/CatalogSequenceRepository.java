package com.example.shop.catalog;

import jakarta.persistence.LockModeType;
import org.jspecify.annotations.Nullable;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.repository.Repository;

/**
 * The catalog sequence row, locked for a write. A repository method rather than a lock through the
 * EntityManager, so that a lock not granted within the database's lock timeout comes out as
 * Spring's {@code PessimisticLockingFailureException}, whichever database and driver said so.
 */
interface CatalogSequenceRepository extends Repository<CatalogSequence, Integer> {

    /** {@code SELECT ... FOR UPDATE}: waits for the writer holding the row, up to the lock timeout. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Nullable CatalogSequence findForUpdateById(int id);

}
