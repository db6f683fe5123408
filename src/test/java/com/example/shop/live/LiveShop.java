package com.example.shop.live;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import com.example.shop.ShopTest;

/**
 * The shop of the live tests: the same as every other test's ({@link ShopTest}), so one context
 * serves them all. Tests therefore never assume an empty catalog or a seq of their own: they read
 * the seq before they act.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ShopTest
@interface LiveShop {

    /** The admin's password in the shops of the live tests. */
    String PASSWORD = ShopTest.PASSWORD;

}
