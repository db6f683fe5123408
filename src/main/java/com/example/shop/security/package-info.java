/**
 * Who may do what over HTTP: reads are public, every write needs the shop's admin (HTTP Basic for
 * curl and scripts, a session with CSRF protection for the admin page). A client address that
 * fails to log in too often is locked out for a while, and cookies are {@code Secure} whenever the
 * request came over HTTPS, also through a proxy. Message security for STOMP lives with the broker
 * in {@code live}.
 */
@NullMarked
package com.example.shop.security;

import org.jspecify.annotations.NullMarked;
