package com.example.shop;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole shop on a random port, configured one way for every test class that needs it: the
 * {@code test} profile (a fresh in-memory database, a known admin password, the settings tests
 * want) and a {@link TestClock}. Classes that say only this share one application context, so the
 * suite starts it once; a class that needs something else says why next to its own configuration.
 * They share the catalog as well, so a test never assumes an empty catalog or a seq of its own: it
 * reads the seq before it acts, and finds its own shirts by a tag in their names.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestClock.Configuration.class)
public @interface ShopTest {

    /** The admin's password in the shop under test ({@code application-test.properties}). */
    String PASSWORD = "test-admin-password";

}
