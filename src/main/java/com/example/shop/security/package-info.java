/**
 * Who may do what over HTTP: reads are public, every write needs the shop's admin (HTTP Basic for
 * curl and scripts, a session with CSRF protection for the admin page). Message security for
 * STOMP lives with the broker in {@code live}.
 */
@NullMarked
package com.example.shop.security;

import org.jspecify.annotations.NullMarked;
