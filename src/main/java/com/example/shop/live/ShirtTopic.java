package com.example.shop.live;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.OrderedMessageChannelDecorator;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

import tools.jackson.databind.json.JsonMapper;

/**
 * The subscriptions to {@value #SHIRTS}, kept by the shop rather than by the STOMP broker: each is
 * a follower of the {@link ChangeFeed}, which hands it every change once, in seq order, encoded
 * once for all. The broker never sees these subscriptions; it still answers CONNECT and keeps
 * heart-beats.
 * <p>
 * Here, on the inbound channel (so that a refusal becomes an ERROR frame and closes the
 * connection), a SUBSCRIBE is checked: at most {@code shop.websocket.max-subscriptions} per
 * connection, each with an id not already in use, {@code after} a seq if given. A SUBSCRIBE with
 * {@code after:N} resumes: it first receives every change after N from the change log, then the
 * live ones; if N is no longer kept or ahead of the catalog, one {@code catalog.reload} message.
 * A {@code receipt} is answered once the subscription is in place (and its replay sent).
 */
@Component
class ShirtTopic implements ChannelInterceptor {

    static final String SHIRTS = StompSecurityConfiguration.SHIRTS;

    static final String SEQ_HEADER = "seq";

    static final String AFTER_HEADER = "after";

    static final String RELOAD = "catalog.reload";

    private static final Log ORDER_LOG = LogFactory.getLog(ShirtTopic.class);

    private final ChangeFeed feed;

    private final ObjectProvider<MessageChannel> clientOutboundChannel;

    private final WebSocketProperties properties;

    private final LiveProperties liveProperties;

    private final JsonMapper json;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private final AtomicInteger subscriptionCount = new AtomicInteger();

    private final Frames frames = new Frames();

    // A provider: the channel is defined by the STOMP configuration that registers this interceptor.
    ShirtTopic(ChangeFeed feed, @Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel,
            WebSocketProperties properties, LiveProperties liveProperties, JsonMapper json) {
        this.feed = feed;
        this.clientOutboundChannel = clientOutboundChannel;
        this.properties = properties;
        this.liveProperties = liveProperties;
        this.json = json;
    }

    /** A SUBSCRIBE the shop refuses; the client gets an ERROR frame with this message. */
    static final class SubscriptionRefusedException extends RuntimeException {

        SubscriptionRefusedException(String message) {
            super(message, null, false, false);
        }

    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        SimpMessageHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, SimpMessageHeaderAccessor.class);
        if (accessor == null || accessor.getSessionId() == null) {
            return message;
        }
        String sessionId = accessor.getSessionId();
        SimpMessageType type = accessor.getMessageType();
        if (type == SimpMessageType.SUBSCRIBE && SHIRTS.equals(accessor.getDestination())) {
            subscribe(sessionId, accessor);
            // The broker need not know: the feed delivers to this subscription.
            return null;
        }
        if (type == SimpMessageType.UNSUBSCRIBE) {
            Session session = sessions.get(sessionId);
            if (session != null && session.remove(accessor.getSubscriptionId())) {
                return null;
            }
        }
        else if (type == SimpMessageType.DISCONNECT) {
            Session session = sessions.remove(sessionId);
            if (session != null) {
                session.closeAll();
            }
        }
        return message;
    }

    private void subscribe(String sessionId, SimpMessageHeaderAccessor accessor) {
        String id = accessor.getSubscriptionId();
        if (id == null || id.isBlank()) {
            throw new SubscriptionRefusedException("A SUBSCRIBE needs an id header.");
        }
        Long after = after(accessor);
        Session session = sessions.computeIfAbsent(sessionId, Session::new);
        Subscription subscription = session.add(id, properties.maxSubscriptions());
        String receipt = accessor.getFirstNativeHeader(StompHeaderAccessor.STOMP_RECEIPT_HEADER);
        feed.join(subscription, after, liveProperties.maxReplay(), cursor -> {
            subscription.joined = true;
            if (receipt != null) {
                sendReceipt(session, receipt);
            }
        });
    }

    private static @Nullable Long after(SimpMessageHeaderAccessor accessor) {
        String value = accessor.getFirstNativeHeader(AFTER_HEADER);
        if (value == null) {
            return null;
        }
        try {
            long after = Long.parseLong(value.strip());
            if (after >= 0) {
                return after;
            }
        }
        catch (NumberFormatException ex) {
            // refused below
        }
        throw new SubscriptionRefusedException("The after header must be a seq, a number from 0 (the seq of GET /shirts or of the last message applied).");
    }

    private static void sendReceipt(Session session, String receiptId) {
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setReceiptId(receiptId);
        receipt.setSessionId(session.id);
        receipt.setLeaveMutable(true);
        session.outbound.send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
    }

    /** Whether a subscription with this id is in place, replay sent, receiving live changes. */
    boolean isFollowing(String subscriptionId) {
        return sessions.values().stream().anyMatch(session -> session.isFollowing(subscriptionId));
    }

    int sessions() {
        return sessions.size();
    }

    int subscriptions() {
        return subscriptionCount.get();
    }

    /** The subscriptions of one STOMP connection. */
    private final class Session {

        private final String id;

        /**
         * The way out to this connection. The client outbound channel hands messages to a pool of
         * threads, where two messages for one connection could overtake each other (a replay's
         * first two, say); this sends them one after the other, as the broker does for its own
         * messages with {@code setPreservePublishOrder}, whose interceptor on the channel it relies
         * on. It needs the channel itself, not a lazy proxy of it: it counts the channel's handlers.
         */
        private final MessageChannel outbound = new OrderedMessageChannelDecorator(clientOutboundChannel.getObject(),
                ORDER_LOG);

        // Guarded by this; a handful at most.
        private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

        Session(String id) {
            this.id = id;
        }

        synchronized Subscription add(String subscriptionId, int max) {
            if (subscriptions.containsKey(subscriptionId)) {
                throw new SubscriptionRefusedException("Subscription id " + abbreviate(subscriptionId)
                        + " is already in use on this connection; each SUBSCRIBE needs an id of its own.");
            }
            if (subscriptions.size() >= max) {
                throw new SubscriptionRefusedException("At most " + max + " subscriptions per connection "
                        + "(shop.websocket.max-subscriptions); one subscription to " + SHIRTS + " receives every change.");
            }
            Subscription subscription = new Subscription(this, subscriptionId);
            subscriptions.put(subscriptionId, subscription);
            subscriptionCount.incrementAndGet();
            return subscription;
        }

        synchronized boolean isFollowing(String subscriptionId) {
            Subscription subscription = subscriptions.get(subscriptionId);
            return subscription != null && subscription.joined;
        }

        synchronized boolean remove(@Nullable String subscriptionId) {
            Subscription subscription = subscriptionId == null ? null : subscriptions.remove(subscriptionId);
            if (subscription == null) {
                return false;
            }
            subscription.close();
            subscriptionCount.decrementAndGet();
            return true;
        }

        synchronized void closeAll() {
            subscriptions.values().forEach(Subscription::close);
            subscriptionCount.addAndGet(-subscriptions.size());
            subscriptions.clear();
        }

    }

    /** One subscription to the shirts: a follower of the change feed. */
    private final class Subscription implements ChangeFeed.Follower {

        private final Session session;

        private final String id;

        private volatile boolean open = true;

        private volatile boolean joined;

        Subscription(Session session, String id) {
            this.session = session;
            this.id = id;
        }

        @Override
        public void receive(ChangeFeed.Change change) {
            send(frames.frame(change, id));
        }

        @Override
        public void reload(long seq, String why) {
            byte[] body = json.writeValueAsBytes(new Reload(RELOAD, seq, why));
            send(new TextMessage(Frames.encode(body, new String(body, StandardCharsets.UTF_8), seq, id)));
        }

        private void send(TextMessage frame) {
            SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
            headers.setSessionId(session.id);
            // Left mutable: the ordered channel adds a header.
            headers.setLeaveMutable(true);
            session.outbound.send(MessageBuilder.createMessage(frame, headers.getMessageHeaders()));
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        void close() {
            open = false;
        }

    }

    /**
     * STOMP MESSAGE frames for the shirts, written once per change for every subscription id
     * rather than once per subscriber: clients mostly use the same few ids ({@code sub-0} is
     * stompjs's first), so thousands of subscribers share one frame. Used by the feed thread only.
     */
    static final class Frames {

        private ChangeFeed.@Nullable Change change;

        private final Map<String, TextMessage> byId = new java.util.HashMap<>();

        TextMessage frame(ChangeFeed.Change current, String subscriptionId) {
            if (current != change) {
                change = current;
                byId.clear();
            }
            return byId.computeIfAbsent(subscriptionId, id -> new TextMessage(encode(current.json(), current.text(), current.seq(), id)));
        }

        /**
         * The frame Spring's STOMP encoder would write, but for all subscribers of a change:
         * {@code message-id} is the seq, which names the change on every subscription.
         */
        static String encode(byte[] body, String text, long seq, String subscriptionId) {
            return "MESSAGE\ndestination:" + SHIRTS + "\ncontent-type:application/json\n" + SEQ_HEADER + ":" + seq
                    + "\nsubscription:" + escape(subscriptionId) + "\nmessage-id:" + seq + "\ncontent-length:" + body.length
                    + "\n\n" + text + "\0";
        }

        /** STOMP 1.2 header value escaping. */
        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace(":", "\\c");
        }

    }

    /** The message that tells a subscription to reload the catalog. */
    record Reload(String type, long seq, String detail) {
    }

    private static String abbreviate(String value) {
        String quoted = "'" + value + "'";
        return quoted.length() <= 60 ? quoted : quoted.substring(0, 60) + "...'";
    }

}
