package com.example.shop.live.stomp;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompEncoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.TextMessage;

import com.example.shop.live.hub.Prepared;
import com.example.shop.live.outbound.Connection;

/**
 * The frames the shop writes. CONNECTED, RECEIPT and ERROR through Spring's {@link StompEncoder}
 * (headers escaped as STOMP 1.2 wants); MESSAGE frames written here, once per message and
 * subscription id, since thousands of subscribers share each.
 */
public final class StompFrames {

    /** A heart-beat: one end of line. */
    public static final Connection.Frame HEART_BEAT = new Connection.Frame(new TextMessage("\n"), 1);

    private static final StompEncoder ENCODER = new StompEncoder();

    private StompFrames() {
    }

    /**
     * The MESSAGE frame of {@code message} for subscription {@code id}: {@code message-id} names
     * the message on every subscription alike.
     */
    public static Connection.Frame message(Prepared message, String subscriptionId) {
        StringBuilder frame = new StringBuilder(message.text().length() + 200).append("MESSAGE\ndestination:")
            .append(escape(message.destination()))
            .append("\ncontent-type:application/json");
        if (message.seq() != null) {
            frame.append("\nseq:").append(message.seq());
        }
        if (message.epoch() != null) {
            frame.append("\nepoch:").append(escape(message.epoch()));
        }
        frame.append("\nsubscription:").append(escape(subscriptionId))
            .append("\nmessage-id:").append(escape(message.messageId()))
            .append("\ncontent-length:").append(message.json().length)
            .append("\n\n").append(message.text()).append('\0');
        String text = frame.toString();
        return new Connection.Frame(new TextMessage(text), Connection.utf8Length(text));
    }

    public static Connection.Frame connected(String version, long serverSends, long serverWants) {
        StompHeaderAccessor connected = StompHeaderAccessor.create(StompCommand.CONNECTED);
        connected.setVersion(version);
        connected.setHeartbeat(serverSends, serverWants);
        return encode(connected, new byte[0]);
    }

    public static Connection.Frame receipt(String receiptId) {
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setReceiptId(receiptId);
        return encode(receipt, new byte[0]);
    }

    /** An ERROR frame: the message as a header and as a plain-text body, the client's receipt echoed. */
    public static Connection.Frame error(String message, @Nullable String receiptId) {
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(message);
        error.setContentType(MimeTypeUtils.TEXT_PLAIN);
        if (receiptId != null) {
            error.setReceiptId(receiptId);
        }
        return encode(error, message.getBytes(StandardCharsets.UTF_8));
    }

    private static Connection.Frame encode(StompHeaderAccessor headers, byte[] body) {
        byte[] bytes = ENCODER.encode(MessageBuilder.createMessage(body, headers.getMessageHeaders()));
        return new Connection.Frame(new TextMessage(bytes), bytes.length);
    }

    /** STOMP 1.2 header value escaping. */
    public static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0 && value.indexOf(':') < 0) {
            return value;
        }
        return value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace(":", "\\c");
    }

}
