package com.example.shop.live;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import com.example.shop.inventory.Availability;
import com.example.shop.inventory.AvailabilityChanged;
import com.example.shop.inventory.AvailabilityMessage;

import tools.jackson.databind.json.JsonMapper;

/**
 * STOMP glue for {@value #AVAILABILITY}: a SUBSCRIBE gets the snapshot at once (then its receipt),
 * and every {@link AvailabilityChanged} goes to every subscription, through each connection's
 * {@link OutboundSession} as the shirts' changes do. What is available, and what changed, is
 * {@code inventory}'s business ({@link Availability}); this class only carries it, and is all the
 * live core needs to know of the channel.
 */
@Component
class AvailabilityTopic implements ChannelInterceptor, WebSocketMessageBrokerConfigurer {

    static final String AVAILABILITY = StompSecurityConfiguration.AVAILABILITY;

    private final Availability availability;

    private final OutboundSessions outboundSessions;

    private final JsonMapper json;

    /** Per STOMP session, its subscription ids to this topic (one, nearly always). */
    private final Map<String, Set<String>> subscriptions = new ConcurrentHashMap<>();

    AvailabilityTopic(Availability availability, @Lazy OutboundSessions outboundSessions, JsonMapper json) {
        this.availability = availability;
        this.outboundSessions = outboundSessions;
        this.json = json;
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(this);
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        SimpMessageHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, SimpMessageHeaderAccessor.class);
        if (accessor == null || accessor.getSessionId() == null) {
            return message;
        }
        String sessionId = accessor.getSessionId();
        SimpMessageType type = accessor.getMessageType();
        if (type == SimpMessageType.SUBSCRIBE && AVAILABILITY.equals(accessor.getDestination())) {
            subscribe(sessionId, accessor);
            return null;
        }
        if (type == SimpMessageType.UNSUBSCRIBE) {
            Set<String> ids = subscriptions.get(sessionId);
            if (ids != null && ids.remove(accessor.getSubscriptionId())) {
                return null;
            }
        }
        else if (type == SimpMessageType.DISCONNECT) {
            subscriptions.remove(sessionId);
        }
        return message;
    }

    private void subscribe(String sessionId, SimpMessageHeaderAccessor accessor) {
        String id = accessor.getSubscriptionId();
        if (id == null || id.isBlank()) {
            throw new ShirtTopic.SubscriptionRefusedException("A SUBSCRIBE needs an id header.");
        }
        OutboundSession outbound = outboundSessions.get(sessionId);
        if (outbound == null) {
            // The connection closed meanwhile; refused aloud, never dropped without a word.
            throw new ShirtTopic.SubscriptionRefusedException("This connection is closing.");
        }
        // Under the lock the changes are sent with: the snapshot is queued first, and every change
        // not in it is sent after it.
        synchronized (this) {
            Set<String> ids = subscriptions.computeIfAbsent(sessionId, key -> ConcurrentHashMap.newKeySet());
            if (ids.contains(id)) {
                throw new ShirtTopic.SubscriptionRefusedException("Subscription id " + id + " is already in use on this connection.");
            }
            outbound.send(frame(AvailabilityMessage.of(availability.lastRead()), id));
            ids.add(id);
        }
        String receipt = accessor.getFirstNativeHeader(StompHeaderAccessor.STOMP_RECEIPT_HEADER);
        if (receipt != null) {
            outbound.send(OutboundSession.Frame.of("RECEIPT\nreceipt-id:" + ShirtTopic.Frames.escape(receipt) + "\n\n\0"));
        }
    }

    @EventListener
    synchronized void on(AvailabilityChanged changed) {
        AvailabilityMessage message = AvailabilityMessage.of(changed);
        Map<String, OutboundSession.Frame> byId = new ConcurrentHashMap<>();
        subscriptions.forEach((sessionId, ids) -> {
            OutboundSession outbound = outboundSessions.get(sessionId);
            if (outbound == null) {
                subscriptions.remove(sessionId);
                return;
            }
            ids.forEach(id -> outbound.send(byId.computeIfAbsent(id, key -> frame(message, key))));
        });
    }

    int subscriptions() {
        return subscriptions.values().stream().mapToInt(Set::size).sum();
    }

    private OutboundSession.Frame frame(AvailabilityMessage message, String subscriptionId) {
        byte[] body = json.writeValueAsBytes(message);
        String text = new String(body, StandardCharsets.UTF_8);
        return OutboundSession.Frame.of("MESSAGE\ndestination:" + AVAILABILITY + "\ncontent-type:application/json\nseq:"
                + message.seq() + "\nsubscription:" + ShirtTopic.Frames.escape(subscriptionId) + "\nmessage-id:a-"
                + message.seq() + "\ncontent-length:" + body.length + "\n\n" + text + "\0");
    }

}
