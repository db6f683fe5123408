package com.example.shop.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

import com.example.shop.web.RateLimitedLog;

/**
 * The STOMP ERROR frame a client gets for a frame the shop refuses: a {@code message} header that
 * says what was wrong and what is allowed, the same text as a plain-text body, and the client's
 * {@code receipt} echoed as {@code receipt-id}. Never a class name or a stack trace. As STOMP
 * requires, the connection is closed after the ERROR frame, so this happens once per connection,
 * and is logged here as one line at WARN, at most once per {@code shop.log.warn-interval} for each
 * command (Spring's own log line for it is switched off in {@code application.properties}: a client
 * must not be able to fill the log, with stack traces or by reconnecting).
 */
class StompErrorHandler extends StompSubProtocolErrorHandler {

    private final RateLimitedLog log;

    StompErrorHandler(Duration warnInterval) {
        this.log = new RateLimitedLog(LoggerFactory.getLogger(StompErrorHandler.class), warnInterval);
    }

    @Override
    public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
            Throwable ex) {
        StompHeaderAccessor client = clientMessage == null ? null
                : MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class);
        String text = describe(client, ex);
        String command = client == null ? "unreadable" : String.valueOf(client.getCommand());
        log.warn("refused " + command, "Refused a STOMP {} frame of session {}: {}", command,
                client == null ? "?" : client.getSessionId(), text);
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(text);
        error.setContentType(MimeTypeUtils.TEXT_PLAIN);
        if (client != null && client.getReceipt() != null) {
            error.setReceiptId(client.getReceipt());
        }
        return MessageBuilder.createMessage(text.getBytes(StandardCharsets.UTF_8), error.getMessageHeaders());
    }

    static String describe(@Nullable StompHeaderAccessor client, Throwable ex) {
        if (client == null || causedBy(ex, StompConversionException.class)) {
            return "Malformed STOMP frame, or a frame larger than the shop accepts.";
        }
        ShirtTopic.SubscriptionRefusedException refused = cause(ex, ShirtTopic.SubscriptionRefusedException.class);
        if (refused != null) {
            return "Refused: " + refused.getMessage();
        }
        if (!causedBy(ex, AccessDeniedException.class)) {
            return "The frame could not be processed.";
        }
        StompCommand command = client.getCommand();
        String destination = abbreviate(String.valueOf(client.getDestination()));
        if (command == StompCommand.SEND) {
            return "Forbidden: only the shop publishes; clients may not SEND (to " + destination
                    + "). Subscribe to " + StompSecurityConfiguration.SHIRTS + " to receive changes.";
        }
        if (command == StompCommand.SUBSCRIBE) {
            return "Forbidden: cannot subscribe to " + destination + "; the only destination is "
                    + StompSecurityConfiguration.SHIRTS + ".";
        }
        return "Forbidden: " + command + " is not supported; clients may CONNECT and SUBSCRIBE to "
                + StompSecurityConfiguration.SHIRTS + ".";
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        return cause(ex, type) != null;
    }

    private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

}
