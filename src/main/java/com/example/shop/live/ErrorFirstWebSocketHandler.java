package com.example.shop.live;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

/**
 * Spring's STOMP WebSocket handler, except that a refused client always gets its ERROR frame.
 * <p>
 * Spring sends the ERROR frame and closes the connection at once. Its session decorator lets one
 * thread write at a time; a frame sent while another thread is writing (the CONNECTED frame a
 * client has just read, a heart-beat, a broadcast) waits in a buffer for that thread to write it.
 * Closing meanwhile empties nothing: the ERROR frame was dropped, and the client saw only a closed
 * connection. Here a close for a protocol error waits until no thread is writing, which is when
 * the buffered ERROR frame has gone out. Other closes (a slow client over its limits, shutdown)
 * still happen at once.
 */
class ErrorFirstWebSocketHandler extends SubProtocolWebSocketHandler {

    ErrorFirstWebSocketHandler(MessageChannel clientInboundChannel, SubscribableChannel clientOutboundChannel) {
        super(clientInboundChannel, clientOutboundChannel);
    }

    @Override
    protected WebSocketSession decorateSession(WebSocketSession session) {
        return new ErrorFirstSession(session, getSendTimeLimit(), getSendBufferSizeLimit());
    }

    static final class ErrorFirstSession extends ConcurrentWebSocketSessionDecorator {

        private final AtomicInteger writers = new AtomicInteger();

        private final AtomicReference<CloseStatus> pendingClose = new AtomicReference<>();

        ErrorFirstSession(WebSocketSession delegate, int sendTimeLimit, int bufferSizeLimit) {
            super(delegate, sendTimeLimit, bufferSizeLimit);
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) throws IOException {
            writers.incrementAndGet();
            try {
                // Returns once this thread wrote everything buffered, or left it to the thread that is writing.
                super.sendMessage(message);
            }
            finally {
                if (writers.decrementAndGet() == 0) {
                    closeIfPending();
                }
            }
        }

        @Override
        public void close(CloseStatus status) throws IOException {
            if (!CloseStatus.PROTOCOL_ERROR.equals(status)) {
                super.close(status);
                return;
            }
            // Whichever comes last closes: this thread, or the last writer leaving sendMessage.
            pendingClose.set(status);
            if (writers.get() == 0) {
                closeIfPending();
            }
        }

        private void closeIfPending() throws IOException {
            CloseStatus status = pendingClose.getAndSet(null);
            if (status != null) {
                super.close(status);
            }
        }

    }

}
