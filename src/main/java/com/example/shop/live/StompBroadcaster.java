package com.example.shop.live;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

import com.example.shop.catalog.ShirtChanged;

/**
 * Announces every committed change of the catalog on {@code /topic/shirts}, whoever made it.
 * <p>
 * The catalog publishes {@link ShirtChanged} inside its transaction; listening
 * {@code AFTER_COMMIT} means a change is announced once it is committed, exactly once, and a
 * rolled-back change never. The body is the {@code ShirtChanged} as JSON, and its {@code seq}
 * also travels as a STOMP header, so a client can check ordering without parsing the body.
 * <p>
 * While the broker is unavailable (an external broker that is down or restarting) changes are not
 * sent: nobody could receive them, because the broker's clients lost their connections too. When
 * they reconnect they catch up from {@code /shirts/events}, so nothing is lost.
 */
@Component
class StompBroadcaster {

    static final String SEQ_HEADER = "seq";

    private static final Logger log = LoggerFactory.getLogger(StompBroadcaster.class);

    private final SimpMessagingTemplate template;

    private volatile boolean brokerAvailable;

    StompBroadcaster(SimpMessagingTemplate template) {
        this.template = template;
    }

    @EventListener
    void onBrokerAvailability(BrokerAvailabilityEvent event) {
        brokerAvailable = event.isBrokerAvailable();
        if (brokerAvailable) {
            log.info("STOMP broker available: announcing catalog changes on {}", StompSecurityConfiguration.SHIRTS);
        }
        else {
            log.warn("STOMP broker unavailable: catalog changes are not announced until it is back; "
                    + "clients catch up from /shirts/events when they reconnect");
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onCommitted(ShirtChanged change) {
        if (!brokerAvailable) {
            log.debug("Broker unavailable: not announcing seq {}", change.seq());
            return;
        }
        try {
            template.convertAndSend(StompSecurityConfiguration.SHIRTS, change, Map.of(SEQ_HEADER, change.seq()));
        }
        catch (MessagingException ex) {
            // The change is committed and in the change log; failing the write would only make the
            // client retry a change that happened. Subscribers see the gap and catch up.
            log.warn("Could not announce catalog change seq {}: {}", change.seq(), ex.getMessage());
        }
    }

}
