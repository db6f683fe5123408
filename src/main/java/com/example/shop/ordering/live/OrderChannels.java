package com.example.shop.ordering.live;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.example.shop.live.feed.DatabaseSignal;
import com.example.shop.live.hub.AccessRule;
import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.ordering.OrderChanged;
import com.example.shop.ordering.OrderEvents;

/**
 * The order channels, registered with the live core: {@value #OWN} (each shopper their own orders,
 * by their own seq) and {@value #ALL} (the admin's: every order, by the log's seq), both resumable
 * with {@code after} and {@code epoch}. Both views of the order-events log are handed each change
 * this shop commits, with the commit; other shops' changes reach them through the database signal.
 */
@Configuration(proxyBeanMethods = false)
class OrderChannels {

    static final String OWN = "/user/queue/orders";

    static final String ALL = "/topic/orders";

    /** The SSE mirror of both: the admin gets every order there, a shopper their own. */
    static final String STREAM = "/orders/stream";

    static final String RELOAD = "orders.reload";

    private static final String RELOAD_ADVICE = "Read your orders again (GET /orders) and apply only later messages.";

    @Bean
    OrderLog ownOrdersLog(OrderEvents events) {
        return OrderLog.owners(events);
    }

    @Bean
    OrderLog allOrdersLog(OrderEvents events) {
        return OrderLog.everyone(events);
    }

    @Bean
    LiveChannel.Log ownOrdersChannel(OrderLog ownOrdersLog) {
        return new LiveChannel.Log(OWN, STREAM, AccessRule.ownShopper(
                "Forbidden: " + OWN + " carries the orders of this connection's shopper, and it has none: "
                        + "connect after the first request that gave this browser its cart."),
                ownOrdersLog, RELOAD, RELOAD_ADVICE);
    }

    @Bean
    LiveChannel.Log allOrdersChannel(OrderLog allOrdersLog) {
        return new LiveChannel.Log(ALL, STREAM, AccessRule.admin(
                "Forbidden: " + ALL + " is the admin's; log in as the admin first, then connect."),
                allOrdersLog, RELOAD, RELOAD_ADVICE);
    }

    /**
     * Tells the other shops on the database of each order change, in its transaction (so only
     * when it commits), and wakes this shop's feeds when another shop did.
     */
    @Bean
    DatabaseSignal orderSignal(DatabaseSignal.Sender sender, OrderCommits commits) {
        return new OrderSignal(sender, commits);
    }

    static final class OrderSignal implements DatabaseSignal {

        static final String CHANNEL = "shop_order_changes";

        private final DatabaseSignal.Sender sender;

        private final OrderCommits commits;

        OrderSignal(DatabaseSignal.Sender sender, OrderCommits commits) {
            this.sender = sender;
            this.commits = commits;
        }

        @EventListener
        void on(OrderChanged change) {
            sender.send(CHANNEL, Long.toString(change.seq()));
        }

        @Override
        public String channel() {
            return CHANNEL;
        }

        @Override
        public void received(String payload) {
            commits.wake();
        }

        @Override
        public void reconnected() {
            commits.wake();
        }

    }

    /** Hands each order change this shop committed to both feeds, after the commit. */
    @Bean
    OrderCommits orderCommits(ObjectProvider<LiveHub> hub, OrderLog ownOrdersLog, OrderLog allOrdersLog) {
        return new OrderCommits(hub, ownOrdersLog, allOrdersLog);
    }

    static final class OrderCommits {

        // A provider: the hub is made by the live core from every channel, these included.
        private final ObjectProvider<LiveHub> hub;

        private final OrderLog own;

        private final OrderLog all;

        OrderCommits(ObjectProvider<LiveHub> hub, OrderLog own, OrderLog all) {
            this.hub = hub;
            this.own = own;
            this.all = all;
        }

        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
        void on(OrderChanged change) {
            hub.ifAvailable(live -> {
                live.feed(own).committed(own.entry(change));
                live.feed(all).committed(all.entry(change));
            });
        }

        /** Another shop committed order changes: both feeds read the log. */
        void wake() {
            hub.ifAvailable(live -> {
                live.feed(own).wake();
                live.feed(all).wake();
            });
        }

    }

}
