package com.example.shop.live;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.example.shop.catalog.ShirtChanged;
import com.example.shop.inventory.Availability;
import com.example.shop.inventory.AvailabilityChanged;
import com.example.shop.inventory.AvailabilityMessage;
import com.example.shop.live.hub.AccessRule;
import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LiveMessage;

/**
 * The shop's public channels, each a registration: {@value #SHIRTS} (the catalog's change log,
 * resumed by seq) and {@value #AVAILABILITY} (a state: a snapshot, then what changed). Both are
 * public and read-only; what they carry is the catalog's and the inventory's business.
 */
@Configuration(proxyBeanMethods = false)
class LiveChannels {

    static final String SHIRTS = "/topic/shirts";

    static final String AVAILABILITY = "/topic/availability";

    static final String CATALOG_RELOAD = "catalog.reload";

    @Bean
    LiveChannel.Log shirtsChannel(CatalogLog log) {
        return new LiveChannel.Log(SHIRTS, "/shirts/stream", AccessRule.everyone(), log, CATALOG_RELOAD,
                "Reload the catalog with GET /shirts and apply the changes with a larger seq.");
    }

    @Bean
    LiveChannel.State availabilityChannel(Availability availability) {
        // The last state read, not a new read (a subscriber must not wait for the database), unless
        // nobody followed until now and the reads were skipped.
        return new LiveChannel.State(AVAILABILITY, "/availability/stream", AccessRule.everyone(),
                key -> message(AvailabilityMessage.of(availability.current())));
    }

    static LiveMessage message(AvailabilityMessage message) {
        return new LiveMessage(message.type(), message, message.seq());
    }

    @Bean
    Relay liveRelay(LiveHub hub, CatalogLog log, Availability availability) {
        // Availability is read only while someone here follows it.
        availability.readOnlyWhile(() -> hub.isFollowed(AVAILABILITY, null));
        return new Relay(hub, log);
    }

    /** Hands the channels what their owners announce. */
    static final class Relay {

        private final LiveHub hub;

        private final CatalogLog log;

        Relay(LiveHub hub, CatalogLog log) {
            this.hub = hub;
            this.log = log;
        }

        /** A change this shop committed: delivered as it is when it is next, without reading it back. */
        @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
        void on(ShirtChanged change) {
            hub.feed(log).committed(CatalogLog.entry(change));
        }

        @EventListener
        void on(AvailabilityChanged changed) {
            hub.publish(AVAILABILITY, null, message(AvailabilityMessage.of(changed)));
        }

    }

}
