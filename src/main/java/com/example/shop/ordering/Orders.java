package com.example.shop.ordering;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.example.shop.cart.CartLine;
import com.example.shop.cart.Carts;
import com.example.shop.cart.EmptyCartException;
import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtSize;
import com.example.shop.catalog.ShirtView;
import com.example.shop.inventory.Inventory;

/**
 * The orders. A checkout locks the cart, sells what it holds and writes the order in one
 * transaction: either the shopper has an order and an empty cart, or nothing changed.
 */
@Service
@Transactional
public class Orders {

    private final JdbcClient jdbc;

    private final Carts carts;

    private final Inventory inventory;

    private final Catalog catalog;

    private final Clock clock;

    private final OrderEvents events;

    Orders(JdbcClient jdbc, Carts carts, Inventory inventory, Catalog catalog, Clock clock, OrderEvents events) {
        this.jdbc = jdbc;
        this.carts = carts;
        this.inventory = inventory;
        this.catalog = catalog;
        this.clock = clock;
        this.events = events;
    }

    /** The outcome of a checkout: the order, and whether it was placed earlier under the same key. */
    public record Placed(Order order, boolean replayed) {
    }

    /**
     * Turns the cart {@code cartId} into an order. With an idempotency key, a retry (same key, same
     * buyer) answers the order placed the first time.
     *
     * @throws EmptyCartException if there is nothing to buy
     * @throws com.example.shop.cart.HoldsLostException if some lines lost their units
     * @throws CheckoutKeyReusedException if the key placed an order for another buyer
     */
    public Placed place(@Nullable String cartId, Buyer buyer, @Nullable String idempotencyKey) {
        if (cartId == null) {
            throw new EmptyCartException();
        }
        // A cart emptied by its checkout may be deleted since (Carts.prune): its retry still finds its order.
        boolean cart = carts.lockForCheckout(cartId);
        // Under the cart's lock, so a retry that raced the first attempt sees its order here.
        if (idempotencyKey != null) {
            var earlier = jdbc.sql("SELECT id, fingerprint FROM shop_order WHERE owner = :owner AND idempotency_key = :key")
                .param("owner", cartId).param("key", idempotencyKey)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).optional();
            if (earlier.isPresent()) {
                if (!earlier.get().getValue().equals(buyer.fingerprint())) {
                    throw new CheckoutKeyReusedException(idempotencyKey, earlier.get().getKey());
                }
                return new Placed(find(earlier.get().getKey()).orElseThrow(), true);
            }
        }
        if (!cart) {
            throw new EmptyCartException();
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Order.Line> lines = new ArrayList<>();
        BigDecimal[] total = { BigDecimal.ZERO.setScale(2) };
        // The order is written before the stock rows are touched (see sellContents), so that
        // other shoppers of the same size wait only for the sale's own updates and the commit.
        carts.sellContents(cartId, sold -> {
            for (CartLine line : sold) {
                // The catalog's price now is the price paid; a shirt deleted meanwhile took its cart lines with it.
                ShirtView shirt = catalog.findCommitted(line.shirtId()).orElseThrow(() -> new EmptyCartException());
                BigDecimal lineTotal = shirt.price().multiply(BigDecimal.valueOf(line.quantity()));
                lines.add(new Order.Line(line.shirtId(), shirt.name(), shirt.color(), line.size(), line.quantity(),
                        shirt.price(), lineTotal));
                total[0] = total[0].add(lineTotal);
            }
            jdbc.sql("""
                    INSERT INTO shop_order (id, owner, status, placed_at, total, buyer_name, email, address, version, idempotency_key, fingerprint)
                    VALUES (:id, :owner, :status, :placedAt, :total, :name, :email, :address, 0, :key, :fingerprint)""")
                .param("id", id).param("owner", cartId).param("status", OrderStatus.PLACED.name())
                .param("placedAt", now.atOffset(ZoneOffset.UTC)).param("total", total[0])
                .param("name", buyer.name()).param("email", buyer.email()).param("address", buyer.address())
                .param("key", idempotencyKey).param("fingerprint", idempotencyKey == null ? null : buyer.fingerprint())
                .update();
            for (Order.Line line : lines) {
                jdbc.sql("""
                        INSERT INTO order_line (order_id, shirt_id, size, name, color, quantity, unit_price)
                        VALUES (:id, :shirt, :size, :name, :color, :quantity, :price)""")
                    .param("id", id).param("shirt", line.shirtId()).param("size", line.size().name())
                    .param("name", line.name()).param("color", line.color()).param("quantity", line.quantity())
                    .param("price", line.unitPrice())
                    .update();
            }
        });
        Order order = new Order(id, OrderStatus.PLACED, now, List.copyOf(lines), total[0], buyer.name(), buyer.email(),
                buyer.address(), 0);
        // Last, after the stock rows: the log's lock is then held only for the insert and the commit.
        events.append(OrderChanged.PLACED, cartId, order, now);
        return new Placed(order, false);
    }

    @Transactional(readOnly = true)
    public Optional<Order> find(String id) {
        return jdbc.sql("SELECT id, status, placed_at, total, buyer_name, email, address, version FROM shop_order WHERE id = :id")
            .param("id", id).query((rs, n) -> new Order(rs.getString(1), OrderStatus.valueOf(rs.getString(2)),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), lines(rs.getString(1)), rs.getBigDecimal(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8)))
            .optional();
    }

    /** Whether the order was placed from the cart {@code cartId}. */
    @Transactional(readOnly = true)
    public boolean placedBy(String orderId, @Nullable String cartId) {
        return cartId != null && jdbc.sql("SELECT COUNT(*) FROM shop_order WHERE id = :id AND owner = :owner")
            .param("id", orderId).param("owner", cartId).query(Long.class).single() > 0;
    }

    /**
     * A page of orders, newest first: of one cart ({@code owner}), or of every shopper (null),
     * optionally only those in {@code status}.
     */
    @Transactional(readOnly = true)
    public Page<Order> list(@Nullable String owner, boolean everyone, @Nullable OrderStatus status, Pageable pageable) {
        if (!everyone && owner == null) {
            return Page.empty(pageable);
        }
        String where = " WHERE 1 = 1" + (everyone ? "" : " AND owner = :owner") + (status == null ? "" : " AND status = :status");
        var count = jdbc.sql("SELECT COUNT(*) FROM shop_order" + where);
        var select = jdbc.sql("SELECT id FROM shop_order" + where + " ORDER BY placed_at DESC, id LIMIT :limit OFFSET :offset")
            .param("limit", pageable.getPageSize()).param("offset", pageable.getOffset());
        if (!everyone) {
            count = count.param("owner", owner);
            select = select.param("owner", owner);
        }
        if (status != null) {
            count = count.param("status", status.name());
            select = select.param("status", status.name());
        }
        long total = count.query(Long.class).single();
        List<Order> orders = select.query(String.class).list().stream().map(id -> find(id).orElseThrow()).toList();
        return new PageImpl<>(orders, pageable, total);
    }

    /**
     * Moves an order to {@code target}. Cancelling puts its units back in stock. Asking for the
     * status it already has changes nothing.
     *
     * @throws OrderNotFoundException if there is no such order
     * @throws OrderChangedException if it is not at one of {@code expectedTags} (its version; null: any)
     * @throws StatusMoveException if its life does not allow the move
     */
    public Order changeStatus(String id, @Nullable Set<String> expectedTags, OrderStatus target) {
        var current = jdbc.sql("SELECT status, version FROM shop_order WHERE id = :id FOR UPDATE").param("id", id)
            .query((rs, n) -> Map.entry(OrderStatus.valueOf(rs.getString(1)), rs.getLong(2))).optional()
            .orElseThrow(() -> new OrderNotFoundException(id));
        if (expectedTags != null && !expectedTags.contains(String.valueOf(current.getValue()))) {
            throw new OrderChangedException(id, current.getValue());
        }
        OrderStatus from = current.getKey();
        if (from == target) {
            return find(id).orElseThrow();
        }
        if (!from.canMoveTo(target)) {
            throw new StatusMoveException(from, target);
        }
        if (target == OrderStatus.CANCELLED) {
            lines(id).stream()
                .sorted(Comparator.comparingLong(Order.Line::shirtId).thenComparing(line -> line.size().name()))
                .forEach(line -> inventory.restock(line.shirtId(), line.size(), line.quantity()));
        }
        jdbc.sql("UPDATE shop_order SET status = :status, version = version + 1 WHERE id = :id")
            .param("status", target.name()).param("id", id).update();
        Order changed = find(id).orElseThrow();
        events.append(OrderChanged.STATUS, owner(id), changed, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return changed;
    }

    private String owner(String orderId) {
        return jdbc.sql("SELECT owner FROM shop_order WHERE id = :id").param("id", orderId).query(String.class).single();
    }

    private List<Order.Line> lines(String orderId) {
        return jdbc.sql("SELECT shirt_id, size, name, color, quantity, unit_price FROM order_line WHERE order_id = :id ORDER BY shirt_id, size")
            .param("id", orderId)
            .query((rs, n) -> new Order.Line(rs.getLong(1), rs.getString(3), rs.getString(4),
                    ShirtSize.valueOf(rs.getString(2)), rs.getInt(5), rs.getBigDecimal(6),
                    rs.getBigDecimal(6).multiply(BigDecimal.valueOf(rs.getInt(5)))))
            .list();
    }

}
