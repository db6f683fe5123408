/**
 * What every HTTP endpoint shares: RFC 9457 problem details for every error, strict reading of
 * JSON bodies, and the request-size limit. Features throw {@link org.springframework.web.ErrorResponseException}s or let Spring MVC's
 * own exceptions fly; this package turns them into {@code application/problem+json}. It also
 * says who the client is ({@link com.example.shop.web.ClientAddress}: forwarded addresses only from
 * trusted proxies, one key per IPv4 address or IPv6 /64, for every per-address limit), and writes
 * the warnings clients can cause at a bounded rate ({@link com.example.shop.web.RateLimitedLog}).
 */
@NullMarked
package com.example.shop.web;

import org.jspecify.annotations.NullMarked;
