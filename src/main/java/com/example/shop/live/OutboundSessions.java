package com.example.shop.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.example.shop.web.LogProperties;
import com.example.shop.web.RateLimitedLog;

/**
 * The open STOMP connections' ways out, by session id: where {@link StompWebSocketHandler} puts
 * each connection's {@link OutboundSession} and {@link ShirtTopic} finds it to write changes.
 */
@Component
class OutboundSessions {

    private final Map<String, OutboundSession> byId = new ConcurrentHashMap<>();

    // Clients cause these as often as they stop reading: at most one line per shop.log.warn-interval.
    private final RateLimitedLog log;

    private final RateLimitedLog slowSubscriberLog;

    OutboundSessions(LogProperties properties) {
        this.log = new RateLimitedLog(LoggerFactory.getLogger(OutboundSessions.class), properties.warnInterval());
        this.slowSubscriberLog = new RateLimitedLog(LoggerFactory.getLogger(OutboundSession.class),
                properties.warnInterval());
    }

    /** Where each {@link OutboundSession} writes that it disconnects a subscriber. */
    RateLimitedLog slowSubscriberLog() {
        return slowSubscriberLog;
    }

    void opened(OutboundSession session) {
        byId.put(session.getId(), session);
    }

    void closed(String sessionId) {
        byId.remove(sessionId);
    }

    int size() {
        return byId.size();
    }

    @Nullable OutboundSession get(String sessionId) {
        return byId.get(sessionId);
    }

    /**
     * Disconnects the clients whose write has taken longer than {@code stalledAfter}, if there are
     * at least {@code saturation} of them: each such client holds a writer thread (for up to the
     * send time limit), and that many leave too few for everyone else. A single slow client is
     * left to the send time limit, and a write counts only once two looks in a row have seen it
     * under way. Called by one thread at a time; answers how many were disconnected.
     */
    int disconnectStalled(Duration stalledAfter, int saturation) {
        long now = System.nanoTime();
        long nanos = stalledAfter.toNanos();
        List<OutboundSession> stalled = new ArrayList<>();
        byId.values().forEach(session -> {
            if (session.isStalledOnTwoLooks(now, nanos)) {
                stalled.add(session);
            }
        });
        if (stalled.size() < saturation) {
            return 0;
        }
        int disconnected = 0;
        for (OutboundSession session : stalled) {
            if (session.abortStalledWrite()) {
                disconnected++;
            }
        }
        if (disconnected > 0) {
            log.warn("stalled", "Disconnected {} subscribers that stopped reading while they held {} of the writer threads", disconnected,
                    stalled.size());
        }
        return disconnected;
    }

    /** Queues a heart-beat for every connection that has been sent nothing for its interval. */
    void sendHeartBeats() {
        long now = System.nanoTime();
        byId.values().forEach(session -> session.sendHeartBeatIfIdle(now));
    }

}
