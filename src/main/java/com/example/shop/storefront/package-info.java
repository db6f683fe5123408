/**
 * The browser side of the shop: the storefront at {@code /}, the admin page at {@code /admin} and
 * its login at {@code /login}. The pages themselves are static HTML, CSS and JavaScript modules
 * under {@code static/}; they read the catalog from {@code /shirts}, keep it live over STOMP
 * ({@code /topic/shirts}) and write through the same API as curl does.
 */
@NullMarked
package com.example.shop.storefront;

import org.jspecify.annotations.NullMarked;
