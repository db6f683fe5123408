package com.example.shop.live;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * STOMP heart-beats, kept by the shop instead of Spring's simple broker, both ways.
 * <p>
 * The broker still answers CONNECT with {@code heart-beat:10000,10000} (its own values,
 * {@code shop.websocket.heartbeat}), but this interceptor tells it, on each CONNECT, that the client
 * neither sends nor wants any, so it neither checks nor sends them:
 * <ul>
 * <li>A client's heart-beats end at the socket ({@link StompWebSocketHandler#handleMessage}); a
 * client from which nothing arrives for {@code shop.websocket.idle-timeout} is closed there.
 * <li>The shop's heart-beats are sent here, every second, to the connections that were sent nothing
 * for the interval negotiated on CONNECT (the larger of the shop's and the client's). The broker
 * would send one to every connection at once, every interval, as a message through its outbound
 * channel, whatever the connection had just received: with 10,000 subscribers, a burst of 10,000
 * messages that delays the changes it meets. Here a heart-beat is one shared frame queued on the
 * connection's {@link OutboundSession}, and a connection that receives changes needs none.
 * </ul>
 */
@Component
class StompHeartBeats implements ChannelInterceptor, SmartLifecycle {

    private static final long MAX_INTERVAL_MILLIS = Duration.ofDays(1).toMillis();

    private final OutboundSessions outboundSessions;

    private final long serverMillis;

    private final TaskScheduler scheduler;

    private volatile @Nullable ScheduledFuture<?> sweep;

    // Lazy: the scheduler is a bean of the broker configuration, which needs this interceptor.
    StompHeartBeats(OutboundSessions outboundSessions, WebSocketProperties properties,
            @Lazy @Qualifier("messageBrokerTaskScheduler") TaskScheduler scheduler) {
        this.outboundSessions = outboundSessions;
        this.serverMillis = properties.heartbeat().toMillis();
        this.scheduler = scheduler;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.CONNECT) {
            return message;
        }
        long[] client = SimpMessageHeaderAccessor.getHeartbeat(message.getHeaders());
        String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
        OutboundSession outbound = sessionId == null ? null : outboundSessions.get(sessionId);
        if (outbound != null && client != null) {
            outbound.heartBeatEvery(dueAfter(client[1]));
        }
        if (client == null || (client[0] == 0 && client[1] == 0)) {
            return message;
        }
        MessageHeaderAccessor connect = MessageHeaderAccessor.getMutableAccessor(message);
        connect.setHeader(SimpMessageHeaderAccessor.HEART_BEAT_HEADER, new long[] { 0, 0 });
        return MessageBuilder.createMessage(message.getPayload(), connect.getMessageHeaders());
    }

    /**
     * How long a connection may go without a frame before the sweep queues a heart-beat. STOMP 1.2:
     * the server sends something at least every max(its value, the client's second value), if
     * neither is 0; the sweep runs every {@link #period()}, so it looks one period early.
     */
    Duration dueAfter(long clientWantsMillis) {
        if (clientWantsMillis <= 0 || serverMillis <= 0) {
            return Duration.ZERO;
        }
        // At most a day: a client may ask for any number.
        Duration interval = Duration.ofMillis(Math.min(Math.max(clientWantsMillis, serverMillis), MAX_INTERVAL_MILLIS));
        Duration early = interval.minus(period());
        return early.compareTo(period()) > 0 ? early : period();
    }

    // Every second at most.
    Duration period() {
        return Duration.ofMillis(Math.max(50, Math.min(1000, serverMillis / 10)));
    }

    @Override
    public void start() {
        if (serverMillis > 0) {
            sweep = scheduler.scheduleWithFixedDelay(outboundSessions::sendHeartBeats, period());
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = sweep;
        if (running != null) {
            running.cancel(false);
        }
        sweep = null;
    }

    @Override
    public boolean isRunning() {
        return sweep != null;
    }

}
