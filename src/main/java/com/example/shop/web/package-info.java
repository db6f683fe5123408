/**
 * What every HTTP endpoint shares: RFC 9457 problem details for every error, strict reading of
 * JSON bodies, and the request-size limit. Features throw {@link org.springframework.web.ErrorResponseException}s or let Spring MVC's
 * own exceptions fly; this package turns them into {@code application/problem+json}.
 */
@NullMarked
package com.example.shop.web;

import org.jspecify.annotations.NullMarked;
