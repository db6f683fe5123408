package com.example.shop.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a request body of this type is called in problems about it: {@code @ProblemNoun("order")}
 * titles an invalid body "Invalid order" and a body of the wrong JSON shape "not a valid order in
 * JSON". This is how a feature names its own bodies while the problem handling stays shared;
 * without it a body is "request body".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ProblemNoun {

    String value();

}
