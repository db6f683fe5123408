package com.example.shop.live;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The shop on a random port with a fresh in-memory database, shared by every test class of the
 * live catalog (same properties, so one context). Tests therefore never assume an empty catalog or
 * a seq of their own: they read the seq before they act.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:live-${random.uuid};DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
        "shop.admin.password=" + LiveShop.PASSWORD,
        "shop.websocket.allowed-origins=https://shop.example",
        // Short streams, so that every stream test also exercises ending and resuming.
        "shop.sse.timeout=2s",
        "shop.sse.heartbeat=500ms" })
@Import(TestClock.Configuration.class)
@interface LiveShop {

    /** The admin's password in the shops of the live tests. */
    String PASSWORD = "live-test-password";

}
