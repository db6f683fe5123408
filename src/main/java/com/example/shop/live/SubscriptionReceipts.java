package com.example.shop.live;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * Answers a SUBSCRIBE that asks for a {@code receipt} once the simple broker has registered the
 * subscription, as STOMP 1.2 says a server should. Spring's simple broker sends no receipts; an
 * external broker behind the relay sends its own, so this acts only for the simple broker.
 * <p>
 * The receipt closes the last window of the catch-up rule: a client that catches up from
 * {@code /shirts/events} after the RECEIPT knows every later change reaches it on the topic.
 */
class SubscriptionReceipts implements ExecutorChannelInterceptor {

    private final MessageChannel clientOutboundChannel;

    SubscriptionReceipts(MessageChannel clientOutboundChannel) {
        this.clientOutboundChannel = clientOutboundChannel;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
            @Nullable Exception ex) {
        if (ex != null || !(handler instanceof SimpleBrokerMessageHandler)) {
            return;
        }
        StompHeaderAccessor request = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (request == null || request.getCommand() != StompCommand.SUBSCRIBE || request.getReceipt() == null) {
            return;
        }
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setReceiptId(request.getReceipt());
        receipt.setSessionId(request.getSessionId());
        receipt.setLeaveMutable(true);
        clientOutboundChannel.send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
    }

}
