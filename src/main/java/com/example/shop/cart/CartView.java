package com.example.shop.cart;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import com.example.shop.catalog.ShirtSize;

/**
 * A cart as the shopper sees it, priced at the catalog's current prices.
 *
 * @param holdExpiresAt when the lines' holds expire, unless the cart changes before; null when
 *        nothing is held
 */
public record CartView(List<Item> items, BigDecimal total, String currency, @Nullable Instant holdExpiresAt) {

    /**
     * @param held whether the units are held for this line; false after the hold expired, until
     *        the cart changes or is checked out and the units are held again
     */
    public record Item(long shirtId, String name, String color, ShirtSize size, int quantity, BigDecimal unitPrice,
            BigDecimal lineTotal, boolean held) {
    }

}
