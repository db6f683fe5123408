package com.example.shop.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The open STOMP connections' ways out, by session id: where {@link StompWebSocketHandler} puts
 * each connection's {@link OutboundSession} and {@link ShirtTopic} finds it to write changes.
 */
@Component
class OutboundSessions {

    private final Map<String, OutboundSession> byId = new ConcurrentHashMap<>();

    void opened(OutboundSession session) {
        byId.put(session.getId(), session);
    }

    void closed(String sessionId) {
        byId.remove(sessionId);
    }

    @Nullable OutboundSession get(String sessionId) {
        return byId.get(sessionId);
    }

    /** Queues a heart-beat for every connection that has been sent nothing for its interval. */
    void sendHeartBeats() {
        long now = System.nanoTime();
        byId.values().forEach(session -> session.sendHeartBeatIfIdle(now));
    }

}
