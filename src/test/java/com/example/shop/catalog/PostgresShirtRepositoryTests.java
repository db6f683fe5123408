package com.example.shop.catalog;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.shop.PostgresDatabase;

/**
 * The same as {@link ShirtRepositoryTests} on a real PostgreSQL server, through the
 * {@code postgres} profile: the migrations are written once for both databases, and LIKE
 * escaping, EXISTS and row locks must behave alike on both. The tests and their assertions are in
 * {@link CatalogPersistenceContract}.
 */
@ExtendWith(PostgresDatabase.Required.class)
// A context of its own: a JPA slice (Flyway, the repositories), on PostgreSQL in a schema of its own.
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("postgres")
class PostgresShirtRepositoryTests extends CatalogPersistenceContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresDatabase.register(registry);
    }

}
