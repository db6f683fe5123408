package com.example.shop.cart.live;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.example.shop.cart.CartChanged;
import com.example.shop.cart.CartView;
import com.example.shop.cart.Carts;
import com.example.shop.live.feed.DatabaseSignal;
import com.example.shop.live.hub.AccessRule;
import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LiveMessage;

/**
 * {@value #DESTINATION}: a state channel of each shopper's cart. A subscriber first gets the cart as
 * it is, then the cart after every change, so every tab of a shopper shows the same cart. The cart
 * is read from the database after each committed change, by this shop for its own changes and by
 * every other shop on the database when told the cart's id ({@link #changedElsewhere}).
 */
@Configuration(proxyBeanMethods = false)
class CartChannel {

    static final String DESTINATION = "/user/queue/cart";

    static final String STREAM = "/cart/stream";

    static final String TYPE = "cart";

    /** A message of {@code /user/queue/cart}: {@code {"type":"cart","cart":{...}}}. */
    record CartMessage(String type, CartView cart) {

        static LiveMessage of(CartView cart) {
            return new LiveMessage(TYPE, new CartMessage(TYPE, cart), null);
        }

    }

    @Bean
    LiveChannel.State cartLiveChannel(Carts carts) {
        return new LiveChannel.State(DESTINATION, STREAM, AccessRule.ownShopper(
                "Forbidden: " + DESTINATION + " carries the cart of this connection's shopper, and it has none: "
                        + "connect after the first request that gave this browser its cart."),
                key -> CartMessage.of(carts.view(key)));
    }

    /**
     * Tells the other shops on the database which cart changed (its id only, never its content: they
     * read the cart themselves), in the change's transaction, so only when it commits.
     */
    @Bean
    DatabaseSignal cartSignal(DatabaseSignal.Sender sender, CartPublisher publisher) {
        return new CartSignal(sender, publisher);
    }

    static final class CartSignal implements DatabaseSignal {

        static final String CHANNEL = "shop_cart_changes";

        private final DatabaseSignal.Sender sender;

        private final CartPublisher publisher;

        CartSignal(DatabaseSignal.Sender sender, CartPublisher publisher) {
            this.sender = sender;
            this.publisher = publisher;
        }

        @EventListener
        void on(CartChanged change) {
            sender.send(CHANNEL, change.cartId());
        }

        @Override
        public String channel() {
            return CHANNEL;
        }

        @Override
        public void received(String payload) {
            publisher.changed(payload);
        }

    }

    @Bean
    CartPublisher cartPublisher(ObjectProvider<LiveHub> hub, Carts carts) {
        return new CartPublisher(hub, carts);
    }

    /**
     * Publishes a cart to its followers on this shop after each committed change, from a thread of
     * its own: never from the committing thread, whose connection is still bound to the finished
     * transaction there. Changed carts wait in a set, so a cart changed ten times while its last
     * read ran is read once more, not ten times, and what waits is bounded by the carts followed
     * here. One thread reads them in turn, so the cart read last is the one published last.
     */
    static final class CartPublisher implements DisposableBean {

        private static final Logger log = LoggerFactory.getLogger(CartPublisher.class);

        // A provider: the hub is made by the live core from every channel, this one included.
        private final ObjectProvider<LiveHub> hub;

        private final Carts carts;

        // Guarded by itself.
        private final Set<String> changed = new LinkedHashSet<>();

        private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread publisher = new Thread(task, "cart-publish");
            publisher.setDaemon(true);
            return publisher;
        });

        CartPublisher(ObjectProvider<LiveHub> hub, Carts carts) {
            this.hub = hub;
            this.carts = carts;
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
        void on(CartChanged change) {
            changed(change.cartId());
        }

        /** The cart {@code cartId} changed (here or on another shop): its followers here get it as it is now. */
        void changed(@Nullable String cartId) {
            LiveHub live = hub.getIfAvailable();
            if (cartId == null || live == null || !live.isFollowed(DESTINATION, cartId)) {
                return;
            }
            boolean idle;
            synchronized (changed) {
                idle = changed.isEmpty();
                changed.add(cartId);
            }
            if (idle) {
                thread.execute(this::publishChanged);
            }
        }

        private void publishChanged() {
            while (true) {
                String cartId;
                synchronized (changed) {
                    Iterator<String> next = changed.iterator();
                    if (!next.hasNext()) {
                        return;
                    }
                    cartId = next.next();
                    next.remove();
                }
                try {
                    hub.getObject().publish(DESTINATION, cartId, CartMessage.of(carts.view(cartId)));
                }
                catch (RuntimeException ex) {
                    // The database away: the tabs keep what they show until the next change or reconnect.
                    log.warn("Could not send a changed cart to its tabs: {}", ex.getMessage());
                }
            }
        }

        @Override
        public void destroy() {
            thread.shutdownNow();
        }

    }

}
