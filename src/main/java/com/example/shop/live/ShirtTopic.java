package com.example.shop.live;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The subscriptions to {@value #SHIRTS}, kept by the shop rather than by the STOMP broker: each is
 * a follower of the {@link ChangeFeed}, which hands it every change once, in seq order, encoded
 * once for all. The broker never sees these subscriptions; it still answers CONNECT.
 * <p>
 * Here, on the inbound channel (so that a refusal becomes an ERROR frame and closes the
 * connection), a SUBSCRIBE is checked: at most {@code shop.websocket.max-subscriptions} per
 * connection, each with an id not already in use, {@code after} a seq if given. A SUBSCRIBE with
 * {@code after:N} resumes: it first receives every change after N from the change log, then the
 * live ones; if N is no longer kept or ahead of the catalog, or the SUBSCRIBE's {@code epoch} is
 * not the change log's, one {@code catalog.reload} message. Every MESSAGE carries the seq and the
 * epoch as headers.
 * A {@code receipt} is answered once the subscription is in place (and its replay sent).
 */
@Component
class ShirtTopic implements ChannelInterceptor {

    static final String SHIRTS = StompSecurityConfiguration.SHIRTS;

    static final String SEQ_HEADER = "seq";

    static final String AFTER_HEADER = "after";

    static final String EPOCH_HEADER = "epoch";

    static final String RELOAD = "catalog.reload";

    /**
     * The longest subscription id accepted. Each id of a change's subscribers gets a frame of its
     * own, so an id's length is work for every change; stompjs's ids are a few characters.
     */
    static final int MAX_ID_LENGTH = 256;

    private final ChangeFeed feed;

    private final OutboundSessions outboundSessions;

    private final WebSocketProperties properties;

    private final LiveProperties liveProperties;

    private final JsonMapper json;

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private final AtomicInteger subscriptionCount = new AtomicInteger();

    private final Frames frames = new Frames();

    ShirtTopic(ChangeFeed feed, OutboundSessions outboundSessions, WebSocketProperties properties,
            LiveProperties liveProperties, JsonMapper json) {
        this.feed = feed;
        this.outboundSessions = outboundSessions;
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
        if (id.length() > MAX_ID_LENGTH) {
            throw new SubscriptionRefusedException("A subscription id may be at most " + MAX_ID_LENGTH
                    + " characters long; this one has " + id.length() + ".");
        }
        Long after = after(accessor);
        OutboundSession outbound = outboundSessions.get(sessionId);
        if (outbound == null) {
            // The connection closed meanwhile; refused aloud, never dropped without a word.
            throw new SubscriptionRefusedException("This connection is closing.");
        }
        Session session = sessions.computeIfAbsent(sessionId, key -> new Session(key, outbound));
        if (after != null) {
            session.startReplay(properties.maxReplaysPerMinute());
        }
        Subscription subscription = session.add(id, properties.maxSubscriptions());
        if (!outbound.isOpen()) {
            // Closed while subscribing: the DISCONNECT that cleans up may have come first.
            Session gone = sessions.remove(sessionId);
            if (gone != null) {
                gone.closeAll();
            }
            return;
        }
        String receipt = accessor.getFirstNativeHeader(StompHeaderAccessor.STOMP_RECEIPT_HEADER);
        String epoch = accessor.getFirstNativeHeader(EPOCH_HEADER);
        feed.join(subscription, after, epoch == null ? null : epoch.strip(), liveProperties.maxReplay(), cursor -> {
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

    // Written as Spring's STOMP encoder would, after the replay (the feed thread wrote it just before).
    private static void sendReceipt(Session session, String receiptId) {
        session.outbound.send(OutboundSession.Frame.of("RECEIPT\nreceipt-id:" + Frames.escape(receiptId) + "\n\n\0"));
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

        // The way out to this connection, in order, never blocking the feed thread.
        private final OutboundSession outbound;

        // Guarded by this; a handful at most.
        private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

        Session(String id, OutboundSession outbound) {
            this.id = id;
            this.outbound = outbound;
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

        // When this connection's last resumes started (System.nanoTime), oldest first.
        private final java.util.ArrayDeque<Long> replays = new java.util.ArrayDeque<>();

        /**
         * Counts a resume (a SUBSCRIBE with {@code after}), at most {@code max} in any minute: each
         * costs reading the log, and UNSUBSCRIBE frees the subscription for the next.
         */
        synchronized void startReplay(int max) {
            long now = System.nanoTime();
            while (!replays.isEmpty() && now - replays.peekFirst() >= MINUTE_NANOS) {
                replays.pollFirst();
            }
            if (replays.size() >= max) {
                throw new SubscriptionRefusedException("At most " + max + " SUBSCRIBE frames with after per minute "
                        + "on one connection (shop.websocket.max-replays-per-minute).");
            }
            replays.addLast(now);
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
            session.outbound.send(frames.frame(change, id));
        }

        @Override
        public void reload(long seq, String epoch, String why) {
            byte[] body = json.writeValueAsBytes(new Reload(RELOAD, seq, why));
            session.outbound.send(OutboundSession.Frame.of(Frames.encode(body, new String(body, StandardCharsets.UTF_8), seq, epoch, id)));
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public boolean canTakeMore() {
            return session.outbound.hasRoom();
        }

        void close() {
            open = false;
            feed.left();
        }

    }

    /**
     * STOMP MESSAGE frames for the shirts, written once per change for every subscription id
     * rather than once per subscriber: clients mostly use the same few ids ({@code sub-0} is
     * stompjs's first), so thousands of subscribers share one frame. Used by the feed thread only.
     */
    static final class Frames {

        private ChangeFeed.@Nullable Change change;

        private final Map<String, OutboundSession.Frame> byId = new java.util.HashMap<>();

        OutboundSession.Frame frame(ChangeFeed.Change current, String subscriptionId) {
            if (current != change) {
                change = current;
                byId.clear();
            }
            return byId.computeIfAbsent(subscriptionId,
                    id -> OutboundSession.Frame.of(encode(current.json(), current.text(), current.seq(), current.epoch(), id)));
        }

        /**
         * The frame Spring's STOMP encoder would write, but for all subscribers of a change:
         * {@code message-id} is the seq, which names the change on every subscription.
         */
        static String encode(byte[] body, String text, long seq, String epoch, String subscriptionId) {
            return "MESSAGE\ndestination:" + SHIRTS + "\ncontent-type:application/json\n" + SEQ_HEADER + ":" + seq
                    + "\n" + EPOCH_HEADER + ":" + escape(epoch) + "\nsubscription:" + escape(subscriptionId) + "\nmessage-id:" + seq + "\ncontent-length:" + body.length
                    + "\n\n" + text + "\0";
        }

        /** STOMP 1.2 header value escaping. */
        static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace(":", "\\c");
        }

    }

    /** The message that tells a subscription to reload the catalog. */
    record Reload(String type, long seq, String detail) {
    }

    private static final long MINUTE_NANOS = java.time.Duration.ofMinutes(1).toNanos();

    private static String abbreviate(String value) {
        String quoted = "'" + value + "'";
        return quoted.length() <= 60 ? quoted : quoted.substring(0, 60) + "...'";
    }

}
