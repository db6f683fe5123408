package com.example.shop.cart;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtNotFoundException;
import com.example.shop.catalog.ShirtSize;
import com.example.shop.catalog.ShirtView;
import com.example.shop.inventory.Inventory;
import com.example.shop.inventory.NotEnoughStockException;

/**
 * The carts: what each holds, and the limits on holding.
 * <p>
 * A change locks the cart's row first, then the stock rows it touches, always in
 * {@link CartLine#STOCK_ORDER}, so that changes to one cart run one at a time and two carts never
 * wait on each other in a circle. Plain SQL through {@link JdbcClient}, like {@link Inventory}.
 * Every change publishes a {@link CartChanged} in its transaction.
 */
@Service
public class Carts {

    /** The session attribute that holds the id of the session's cart: the shopper's identity. */
    public static final String SESSION_ATTRIBUTE = "shop.cart";

    private static final Logger log = LoggerFactory.getLogger(Carts.class);

    private final JdbcClient jdbc;

    private final Inventory inventory;

    private final Catalog catalog;

    private final CartProperties properties;

    private final Clock clock;

    private final TransactionTemplate transactions;

    private final ApplicationEventPublisher events;

    private volatile @Nullable String currency;

    Carts(JdbcClient jdbc, Inventory inventory, Catalog catalog, CartProperties properties, Clock clock,
            PlatformTransactionManager transactionManager, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.inventory = inventory;
        this.catalog = catalog;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public CartProperties properties() {
        return properties;
    }

    /** The cart as the shopper sees it; an unknown id is an empty cart. */
    public CartView view(@Nullable String cartId) {
        if (cartId == null) {
            return priced(List.of(), null, Map.of());
        }
        // One statement, which sees one state of the cart: no transaction needed around it.
        List<CartLine> lines = new ArrayList<>();
        Instant[] expiry = { null };
        jdbc.sql("SELECT c.hold_expires_at, l.shirt_id, l.size, l.quantity, l.held FROM cart c "
                + "LEFT JOIN cart_line l ON l.cart_id = c.id WHERE c.id = :id ORDER BY l.added_at, l.shirt_id, l.size")
            .param("id", cartId)
            .query(rs -> {
                OffsetDateTime expires = rs.getObject(1, OffsetDateTime.class);
                expiry[0] = expires == null ? null : expires.toInstant();
                if (rs.getObject(2) != null) {
                    lines.add(new CartLine(rs.getLong(2), ShirtSize.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5)));
                }
            });
        return priced(lines, expiry[0], Map.of());
    }

    /** What a cart change leaves: the lines, and when their hold expires. */
    private record Changed(List<CartLine> lines, @Nullable Instant holdExpiresAt) {
    }

    /**
     * Sets a line to {@code quantity} units (0 removes it), holds them, and renews the cart's hold.
     *
     * @throws ShirtNotFoundException if there is no such shirt
     * @throws SizeNotOfferedException if the shirt is not offered in {@code size}
     * @throws NotEnoughStockException if fewer units are available; {@code available} then counts
     *         what this line already holds as well
     * @throws CartLimitException past {@code shop.cart.max-units} or
     *         {@code shop.cart.max-holding-carts-per-address}
     */
    public CartView setLine(String cartId, String address, long shirtId, String size, int quantity) {
        if (quantity < 0 || quantity > properties.maxQuantity()) {
            throw new IllegalArgumentException("quantity out of range: " + quantity);
        }
        ShirtView[] shirt = { null };
        Changed changed;
        for (int attempt = 1;; attempt++) {
            try {
                // One transaction, and so one connection, for the whole change: in a rush, waiting
                // for a connection of the pool is what a shopper waits for most.
                changed = transactions.execute(status -> {
                    shirt[0] = catalog.findCommitted(shirtId).orElseThrow(() -> new ShirtNotFoundException(shirtId));
                    ShirtSize offered = shirt[0].sizes().stream().filter(s -> s.name().equals(size)).findFirst()
                        .orElseThrow(() -> new SizeNotOfferedException(shirtId, size, shirt[0].sizes()));
                    if (lock(cartId)) {
                        return announced(cartId, change(cartId, address, shirtId, offered, quantity));
                    }
                    if (quantity > 0) {
                        // The cart's row is made in the transaction that holds its first units: a
                        // refused add rolls it back, so no cart is left behind that holds nothing.
                        jdbc.sql("INSERT INTO cart (id, address, hold_expires_at, updated_at) VALUES (:id, :address, NULL, :now)")
                            .param("id", cartId).param("address", address).param("now", timestamp(now())).update();
                        return announced(cartId, change(cartId, address, shirtId, offered, quantity));
                    }
                    return new Changed(List.of(), null);
                });
                break;
            }
            catch (DuplicateKeyException ex) {
                // Two first requests of one cart, or of one new address, at once: the other one
                // made the row, and this transaction could not go on (PostgreSQL ends it at the
                // error); once more, which then finds the row and waits for its lock.
                if (attempt == 3) {
                    throw ex;
                }
            }
        }
        // Priced after the commit, from what the change left (no read again): the connection and
        // the locks are not held for it.
        return priced(changed == null ? List.of() : changed.lines(), changed == null ? null : changed.holdExpiresAt(),
                Map.of(shirtId, shirt[0]));
    }

    // Told in the transaction that made it: the cart's followers get it after the commit.
    private Changed announced(String cartId, Changed changed) {
        events.publishEvent(new CartChanged(cartId));
        return changed;
    }

    /** Empties the cart and releases everything it holds. */
    public CartView empty(@Nullable String cartId) {
        if (cartId == null) {
            return priced(List.of(), null, Map.of());
        }
        return transactions.execute(status -> {
            if (lock(cartId)) {
                List<CartLine> lines = new ArrayList<>(lines(cartId));
                lines.sort(CartLine.STOCK_ORDER);
                lines.forEach(line -> inventory.release(line.shirtId(), line.size(), line.held()));
                jdbc.sql("DELETE FROM cart_line WHERE cart_id = :id").param("id", cartId).update();
                jdbc.sql("UPDATE cart SET hold_expires_at = NULL, updated_at = :now WHERE id = :id")
                    .param("now", timestamp(now())).param("id", cartId).update();
                events.publishEvent(new CartChanged(cartId));
            }
            return priced(List.of(), null, Map.of());
        });
    }

    /**
     * Locks the cart for a checkout in the caller's transaction, so that a second checkout of the
     * same cart waits for this one. False if there is no such cart.
     */
    public boolean lockForCheckout(String cartId) {
        return lock(cartId);
    }

    /**
     * Sells what the cart holds, in the caller's transaction, and empties it: lines whose hold
     * expired are held again first, if their units are still there. Call after
     * {@link #lockForCheckout}. {@code record} gets the lines to write what they become (the
     * order) before the stock rows are updated: a stock row stays locked from its update to the
     * commit, and in a rush every shopper of that size waits for it, so its update comes last.
     *
     * @throws EmptyCartException if the cart is empty
     * @throws HoldsLostException naming the lines whose units are gone; then nothing is sold
     */
    public List<CartLine> sellContents(String cartId, Consumer<List<CartLine>> record) {
        List<CartLine> lines = new ArrayList<>(lines(cartId));
        if (lines.isEmpty()) {
            throw new EmptyCartException();
        }
        lines.sort(CartLine.STOCK_ORDER);
        List<HoldsLostException.LostLine> lost = new ArrayList<>();
        for (CartLine line : lines) {
            if (line.held() < line.quantity()
                    && !inventory.tryHold(line.shirtId(), line.size(), line.quantity() - line.held())) {
                lost.add(new HoldsLostException.LostLine(line.shirtId(), line.size(), line.quantity(),
                        inventory.available(line.shirtId(), line.size())));
            }
        }
        if (!lost.isEmpty()) {
            throw new HoldsLostException(lost);
        }
        List<CartLine> sold = List.copyOf(lines);
        jdbc.sql("DELETE FROM cart_line WHERE cart_id = :id").param("id", cartId).update();
        jdbc.sql("UPDATE cart SET hold_expires_at = NULL, updated_at = :now WHERE id = :id")
            .param("now", timestamp(now())).param("id", cartId).update();
        record.accept(sold);
        events.publishEvent(new CartChanged(cartId));
        // Last: the conditional update still decides (held >= quantity), and a failure rolls back
        // the order written above with everything else.
        sold.forEach(line -> inventory.sell(line.shirtId(), line.size(), line.quantity()));
        return sold;
    }

    /**
     * Releases the holds of carts whose hold expired, each cart in a transaction of its own; run
     * every {@code shop.cart.release-interval} by every shop. Answers how many carts it released.
     */
    public int releaseExpired() {
        Instant now = now();
        List<String> expired = jdbc.sql("SELECT id FROM cart WHERE hold_expires_at < :now ORDER BY hold_expires_at")
            .param("now", timestamp(now)).query(String.class).list();
        int released = 0;
        for (String cartId : expired) {
            Boolean done = transactions.execute(status -> {
                // Another shop may have released it, or the shopper renewed it, since the query.
                Optional<Instant> expiry = jdbc.sql("SELECT hold_expires_at FROM cart WHERE id = :id FOR UPDATE")
                    .param("id", cartId).query((rs, n) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                    .optional().flatMap(found -> found).map(OffsetDateTime::toInstant);
                if (expiry.isEmpty() || !expiry.get().isBefore(now)) {
                    return false;
                }
                List<CartLine> lines = new ArrayList<>(lines(cartId));
                lines.sort(CartLine.STOCK_ORDER);
                lines.forEach(line -> inventory.release(line.shirtId(), line.size(), line.held()));
                jdbc.sql("UPDATE cart_line SET held = 0 WHERE cart_id = :id").param("id", cartId).update();
                jdbc.sql("UPDATE cart SET hold_expires_at = NULL WHERE id = :id").param("id", cartId).update();
                events.publishEvent(new CartChanged(cartId));
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                released++;
            }
        }
        if (released > 0) {
            log.debug("Released the holds of {} expired carts", released);
        }
        return released;
    }

    /**
     * Deletes the carts that hold nothing and that nobody will miss: those with no lines (emptied,
     * checked out, or their last line removed) and those whose holds were released and that have
     * not changed for {@code shop.cart.keep-unheld}; then the per-address rows no cart refers to.
     * Run after {@link #releaseExpired} by every shop; at most {@link #PRUNE_BATCH} carts a time.
     * A session whose cart was deleted simply has an empty cart, and its next add makes the row
     * again; its orders are kept under the same id. Answers how many carts it deleted.
     */
    public int prune() {
        Instant keepSince = now().minus(properties.keepUnheld());
        List<String> idle = jdbc.sql("SELECT id FROM cart c WHERE c.hold_expires_at IS NULL " + IDLE + " ORDER BY c.id LIMIT " + PRUNE_BATCH)
            .param("keepSince", timestamp(keepSince)).query(String.class).list();
        if (idle.isEmpty()) {
            return 0;
        }
        Integer deleted = transactions.execute(status -> {
            // Locked first, in id order like every other pruning shop, so that a change of one of
            // them (which locks its row first) either commits before the check below, which then
            // sees its lines, or waits and finds the row gone, and makes it anew.
            jdbc.sql("SELECT id FROM cart WHERE id IN (:ids) ORDER BY id FOR UPDATE").param("ids", idle).query(String.class).list();
            return jdbc.sql("DELETE FROM cart c WHERE c.id IN (:ids) AND c.hold_expires_at IS NULL " + IDLE
                    + " AND NOT EXISTS (SELECT 1 FROM cart_line l WHERE l.cart_id = c.id AND l.held > 0)")
                .param("ids", idle).param("keepSince", timestamp(keepSince)).update();
        });
        // An address row is only what a cart change locks to count the address's carts (see
        // change): one that is gone is made again there, so deleting it is safe whenever.
        jdbc.sql("DELETE FROM cart_address a WHERE NOT EXISTS (SELECT 1 FROM cart c WHERE c.address = a.address)").update();
        if (deleted != null && deleted > 0) {
            log.debug("Deleted {} carts that held nothing", deleted);
        }
        return deleted == null ? 0 : deleted;
    }

    /** Carts {@link #prune} deletes, besides holding nothing: empty, or unchanged since {@code :keepSince}. */
    private static final String IDLE = "AND (c.updated_at < :keepSince OR NOT EXISTS (SELECT 1 FROM cart_line l WHERE l.cart_id = c.id))";

    /** The most carts one {@link #prune} deletes: one short transaction, whatever piled up. */
    static final int PRUNE_BATCH = 500;

    private Changed change(String cartId, String address, long shirtId, ShirtSize size, int quantity) {
        List<CartLine> lines = lines(cartId);
        CartLine existing = lines.stream().filter(l -> l.shirtId() == shirtId && l.size() == size).findFirst().orElse(null);
        int heldBefore = existing == null ? 0 : existing.held();
        List<CartLine> others = lines.stream().filter(l -> l != existing).toList();
        int units = others.stream().mapToInt(CartLine::quantity).sum() + quantity;
        if (quantity > 0 && units > properties.maxUnits()) {
            throw new CartLimitException("shop.cart.max-units", properties.maxUnits(), "A cart holds at most "
                    + properties.maxUnits() + " units; this change would make it " + units + ".");
        }
        boolean holding = lines.stream().anyMatch(l -> l.held() > 0);
        Instant now = now();
        if (quantity > 0 && !holding) {
            // Under the address's row lock, held to the commit: requests of other carts from the
            // same address wait here, so that they count this cart once it holds, and never pass
            // the limit together.
            if (jdbc.sql("SELECT address FROM cart_address WHERE address = :address FOR UPDATE").param("address", address)
                .query(String.class).list().isEmpty()) {
                // New to this address, or pruned since (see prune): the insert's key lock stands in
                // for the row lock, and a concurrent insert of the same address fails and retries.
                jdbc.sql("INSERT INTO cart_address (address) VALUES (:address)").param("address", address).update();
            }
            long holdingCarts = jdbc.sql("SELECT COUNT(*) FROM cart c WHERE c.address = :address AND c.id <> :id "
                    + "AND c.hold_expires_at > :now")
                .param("address", address).param("id", cartId).param("now", timestamp(now))
                .query(Long.class).single();
            if (holdingCarts >= properties.maxHoldingCartsPerAddress()) {
                throw new CartLimitException("shop.cart.max-holding-carts-per-address", properties.maxHoldingCartsPerAddress(),
                        "At most " + properties.maxHoldingCartsPerAddress()
                                + " carts may hold stock at once from one address; empty or check out another cart first.");
            }
        }
        int missing = quantity - heldBefore;
        // A plain read first: when the units are plainly not there (a sold-out size in a rush),
        // the answer needs no wait for the row lock. The conditional update below still decides.
        if (missing > 0) {
            int available = inventory.available(shirtId, size);
            if (available < missing) {
                throw new NotEnoughStockException(shirtId, size, quantity, heldBefore + available);
            }
        }
        // The cart's own rows first, the stock rows last: a stock row stays locked from its update
        // to the commit, and every shopper of that size waits for it, so that is kept short.
        if (quantity == 0) {
            jdbc.sql("DELETE FROM cart_line WHERE cart_id = :id AND shirt_id = :shirt AND size = :size")
                .param("id", cartId).param("shirt", shirtId).param("size", size.name()).update();
        }
        else if (existing != null) {
            jdbc.sql("UPDATE cart_line SET quantity = :q, held = :q WHERE cart_id = :id AND shirt_id = :shirt AND size = :size")
                .param("q", quantity).param("id", cartId).param("shirt", shirtId).param("size", size.name()).update();
        }
        else {
            jdbc.sql("INSERT INTO cart_line (cart_id, shirt_id, size, quantity, held, added_at) VALUES (:id, :shirt, :size, :q, :q, :now)")
                .param("id", cartId).param("shirt", shirtId).param("size", size.name()).param("q", quantity)
                .param("now", timestamp(now)).update();
        }
        List<CartLine> unheld = others.stream().filter(l -> l.held() < l.quantity()).toList();
        boolean holdsNow = quantity > 0 || others.stream().anyMatch(l -> l.held() > 0) || !unheld.isEmpty();
        Instant expires = holdsNow ? now.plus(properties.hold()) : null;
        jdbc.sql("UPDATE cart SET hold_expires_at = :expires, updated_at = :now, address = :address WHERE id = :id")
            .param("expires", expires == null ? null : timestamp(expires))
            .param("now", timestamp(now)).param("address", address).param("id", cartId).update();
        // Every stock row this change touches, in one order: the line itself must get its units;
        // the other lines that lost their hold get theirs back if they are still there.
        List<CartLine> heldAgain = new ArrayList<>();
        Map<CartLine, Boolean> work = new TreeMap<>(CartLine.STOCK_ORDER);
        work.put(new CartLine(shirtId, size, quantity, heldBefore), true);
        unheld.forEach(l -> work.put(l, false));
        for (var entry : work.entrySet()) {
            CartLine line = entry.getKey();
            int lacking = line.quantity() - line.held();
            if (entry.getValue()) {
                if (lacking > 0 && !inventory.tryHold(shirtId, size, lacking)) {
                    throw new NotEnoughStockException(shirtId, size, quantity,
                            heldBefore + inventory.available(shirtId, size));
                }
                if (lacking < 0) {
                    inventory.release(shirtId, size, -lacking);
                }
            }
            else if (inventory.tryHold(line.shirtId(), line.size(), lacking)) {
                jdbc.sql("UPDATE cart_line SET held = quantity WHERE cart_id = :id AND shirt_id = :shirt AND size = :size")
                    .param("id", cartId).param("shirt", line.shirtId()).param("size", line.size().name()).update();
                heldAgain.add(line);
            }
        }
        // The lines as a read after the commit would find them, in the order of lines(): the new
        // line was added last.
        List<CartLine> after = new ArrayList<>();
        for (CartLine line : lines) {
            if (line == existing) {
                if (quantity > 0) {
                    after.add(new CartLine(shirtId, size, quantity, quantity));
                }
            }
            else {
                after.add(heldAgain.contains(line) ? new CartLine(line.shirtId(), line.size(), line.quantity(), line.quantity()) : line);
            }
        }
        if (existing == null && quantity > 0) {
            after.add(new CartLine(shirtId, size, quantity, quantity));
        }
        return new Changed(after, expires);
    }

    private boolean lock(String cartId) {
        return !jdbc.sql("SELECT id FROM cart WHERE id = :id FOR UPDATE").param("id", cartId)
            .query(String.class).list().isEmpty();
    }

    private List<CartLine> lines(String cartId) {
        return jdbc.sql("SELECT shirt_id, size, quantity, held FROM cart_line WHERE cart_id = :id ORDER BY added_at, shirt_id, size")
            .param("id", cartId)
            .query((rs, n) -> new CartLine(rs.getLong(1), ShirtSize.valueOf(rs.getString(2)), rs.getInt(3), rs.getInt(4)))
            .list();
    }

    /** Prices the lines at the catalog's current prices; {@code known} holds shirts just read. */
    private CartView priced(List<CartLine> lines, @Nullable Instant holdExpiresAt, Map<Long, ShirtView> known) {
        List<CartView.Item> items = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        for (CartLine line : lines) {
            ShirtView read = known.get(line.shirtId());
            Optional<ShirtView> shirt = read != null ? Optional.of(read) : catalog.find(line.shirtId());
            if (shirt.isEmpty()) {
                continue;
            }
            BigDecimal unitPrice = shirt.get().price();
            BigDecimal lineTotal = unitPrice.multiply(BigDecimal.valueOf(line.quantity()));
            total = total.add(lineTotal);
            items.add(new CartView.Item(line.shirtId(), shirt.get().name(), shirt.get().color(), line.size(),
                    line.quantity(), unitPrice, lineTotal, line.held() >= line.quantity()));
        }
        return new CartView(items, total, currency(), holdExpiresAt);
    }

    /**
     * The catalog's currency, a setting: asked once, since {@link Catalog#currency} runs in a
     * transaction of its own, and every cart answer would otherwise wait for a connection for it.
     */
    private String currency() {
        String known = currency;
        if (known == null) {
            known = catalog.currency();
            currency = known;
        }
        return known;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // OffsetDateTime: the JDBC type of TIMESTAMP WITH TIME ZONE in both databases, whatever the zones of the JVM and the database.
    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

}
