package com.example.shop.inventory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.example.shop.catalog.ShirtSize;

/**
 * The stock room. Every method joins the caller's transaction, so a cart or an order changes stock
 * and its own rows in one commit.
 * <p>
 * Holding is one conditional update of one row ({@code ... WHERE on_hand - held >= ?}): the row
 * lock it takes is the only thing shoppers wait on, and only those after the same shirt and size.
 * The table's checks ({@code held <= on_hand}) stand behind it, so even a wrong statement could
 * not oversell. Plain SQL through {@link JdbcClient}: these are single statements whose effect is
 * their row count, which an entity would only wrap in a read and a write.
 */
@Service
@Transactional
public class Inventory {

    private final JdbcClient jdbc;

    Inventory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds {@code quantity} units for a cart.
     *
     * @throws NotEnoughStockException if fewer are available; then nothing is held
     */
    public void hold(long shirtId, ShirtSize size, int quantity) {
        if (!tryHold(shirtId, size, quantity)) {
            throw new NotEnoughStockException(shirtId, size, quantity, available(shirtId, size));
        }
    }

    /**
     * Holds {@code quantity} units if that many are available, and says whether it did. For a
     * caller that goes on either way: an exception through this transactional method would mark
     * the caller's transaction for rollback.
     */
    public boolean tryHold(long shirtId, ShirtSize size, int quantity) {
        if (quantity <= 0) {
            return true;
        }
        return jdbc.sql("UPDATE stock SET held = held + :q WHERE shirt_id = :id AND size = :size AND on_hand - held >= :q")
            .param("q", quantity).param("id", shirtId).param("size", size.name())
            .update() > 0;
    }

    /** Gives back units a cart held. */
    public void release(long shirtId, ShirtSize size, int quantity) {
        if (quantity <= 0) {
            return;
        }
        // GREATEST: the stock row may have been replaced since (a shirt deleted and its rows gone
        // updates nothing, which is right); never below zero.
        jdbc.sql("UPDATE stock SET held = CASE WHEN held >= :q THEN held - :q ELSE 0 END WHERE shirt_id = :id AND size = :size")
            .param("q", quantity).param("id", shirtId).param("size", size.name())
            .update();
    }

    /**
     * Turns held units into sold ones: they leave the stock.
     *
     * @throws NotEnoughStockException if the units are not held (the caller's bookkeeping is off)
     */
    public void sell(long shirtId, ShirtSize size, int quantity) {
        int updated = jdbc.sql("UPDATE stock SET on_hand = on_hand - :q, held = held - :q, sold = sold + :q "
                + "WHERE shirt_id = :id AND size = :size AND held >= :q")
            .param("q", quantity).param("id", shirtId).param("size", size.name())
            .update();
        if (updated == 0) {
            throw new NotEnoughStockException(shirtId, size, quantity, available(shirtId, size));
        }
    }

    /** Puts sold units back on hand (a cancelled order). */
    public void restock(long shirtId, ShirtSize size, int quantity) {
        int updated = jdbc.sql("UPDATE stock SET on_hand = on_hand + :q, sold = CASE WHEN sold >= :q THEN sold - :q ELSE 0 END "
                + "WHERE shirt_id = :id AND size = :size")
            .param("q", quantity).param("id", shirtId).param("size", size.name())
            .update();
        if (updated == 0) {
            insert(shirtId, size, quantity);
        }
    }

    @Transactional(readOnly = true)
    public int available(long shirtId, ShirtSize size) {
        return jdbc.sql("SELECT on_hand - held FROM stock WHERE shirt_id = :id AND size = :size")
            .param("id", shirtId).param("size", size.name())
            .query(Integer.class).optional().map(n -> Math.max(0, n)).orElse(0);
    }

    /** The stock of each of {@code sizes}; a size never stocked has none. */
    @Transactional(readOnly = true)
    public Map<ShirtSize, StockLevel> stock(long shirtId, Set<ShirtSize> sizes) {
        return levels(shirtId, sizes, false);
    }

    /**
     * Sets how many units are on hand, size by size, if the stock is still at one of
     * {@code expectedTags} (null: whatever it is).
     *
     * @throws StockChangedException if it is not
     * @throws StockBelowHeldException if a count is below what carts hold
     */
    public Map<ShirtSize, StockLevel> setStock(long shirtId, Set<ShirtSize> sizes, Map<ShirtSize, Integer> counts,
            @Nullable Set<String> expectedTags) {
        // Locked first, in size order, so the check and the write see the same stock.
        Map<ShirtSize, StockLevel> current = levels(shirtId, sizes, true);
        String currentTag = tag(current);
        if (expectedTags != null && !expectedTags.contains(currentTag)) {
            throw new StockChangedException(shirtId, currentTag);
        }
        for (var count : counts.entrySet()) {
            StockLevel level = current.get(count.getKey());
            int held = level == null ? 0 : level.held();
            if (count.getValue() < held) {
                throw new StockBelowHeldException(shirtId, count.getKey(), held);
            }
        }
        for (var count : counts.entrySet()) {
            int updated = jdbc.sql("UPDATE stock SET on_hand = :n WHERE shirt_id = :id AND size = :size")
                .param("n", count.getValue()).param("id", shirtId).param("size", count.getKey().name())
                .update();
            if (updated == 0) {
                insert(shirtId, count.getKey(), count.getValue());
            }
        }
        return levels(shirtId, sizes, false);
    }

    /** What {@code If-Match} compares: the units on hand per size, which only the admin and sales change. */
    public static String tag(Map<ShirtSize, StockLevel> levels) {
        return levels.entrySet().stream().map(e -> e.getKey().name() + e.getValue().stock())
            .collect(Collectors.joining("."));
    }

    private Map<ShirtSize, StockLevel> levels(long shirtId, Set<ShirtSize> sizes, boolean lock) {
        Map<ShirtSize, StockLevel> levels = new EnumMap<>(ShirtSize.class);
        for (ShirtSize size : sizes) {
            levels.put(size, StockLevel.of(0, 0));
        }
        jdbc.sql("SELECT size, on_hand, held FROM stock WHERE shirt_id = :id ORDER BY size" + (lock ? " FOR UPDATE" : ""))
            .param("id", shirtId)
            .query((rs, n) -> {
                ShirtSize size = ShirtSize.valueOf(rs.getString(1));
                if (levels.containsKey(size)) {
                    levels.put(size, StockLevel.of(rs.getInt(2), rs.getInt(3)));
                }
                return size;
            })
            .list();
        return levels;
    }

    private void insert(long shirtId, ShirtSize size, int onHand) {
        jdbc.sql("INSERT INTO stock (shirt_id, size, on_hand, held, sold) VALUES (:id, :size, :n, 0, 0)")
            .param("id", shirtId).param("size", size.name()).param("n", onHand)
            .update();
    }

}
