package com.example.shop.live;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * The buffers the servlet container keeps for every open WebSocket, sized for what STOMP clients
 * of the shop send: a {@code CONNECT}, a {@code SUBSCRIBE} and heart-beats, never more than
 * {@code shop.websocket.message-size-limit} (8 KB) in one frame, and never a binary message.
 * <p>
 * Tomcat allocates, per connection and for as long as it is open, a buffer for an incoming text
 * message ({@code char[]}, two bytes a character) and one for an incoming binary message, which
 * it also uses to stage the bytes of text messages before decoding them. Spring's own STOMP
 * handler raises the text buffer of every session to 16,640 characters (33 KB) so that a 16 KB
 * frame fits in one piece. The shop's STOMP endpoint takes text messages in parts instead, so the buffer
 * only bounds the size of a part, not of a frame: it is set to {@value #TEXT_BUFFER} characters as
 * soon as the session has started, which holds a whole {@code CONNECT} or {@code SUBSCRIBE}. The
 * binary buffer only needs to be large enough to stage text efficiently. With 19,000 subscribers
 * this is about 600 MB of heap less than Spring's and Tomcat's sizes.
 * <p>
 * Tomcat also gives every connection a socket read and a socket write buffer, 8 KB each, whatever
 * the protocol. A WebSocket of the shop reads a few hundred bytes at a time and writes messages of
 * about half a kilobyte; an HTTP request or response larger than these buffers is read or written
 * in more steps, or directly. The buffers of the WebSocket frames themselves are sized by
 * {@link WebSocketFrameBuffers}.
 * <p>
 * A text message larger than the buffer is handed on in parts rather than refused by Tomcat:
 * the STOMP decoder puts the parts together, up to {@code shop.websocket.message-size-limit},
 * and refuses a frame over that limit with an ERROR frame, however large it is. So a refused client still learns why. A binary message
 * larger than {@link #BINARY_BUFFER} bytes closes the connection (status 1009, too big).
 */
@Configuration(proxyBeanMethods = false)
class WebSocketBufferConfiguration {

    /**
     * The largest part of an incoming text message Tomcat hands on at once, in characters: a
     * {@code CONNECT} or {@code SUBSCRIBE} of a few hundred characters arrives in one part.
     */
    static final int TEXT_BUFFER = 1024;

    /** Stages the bytes of incoming text frames; clients send no binary messages. */
    static final int BINARY_BUFFER = 1024;

    /** Tomcat's buffers between the socket and the protocol, per connection. */
    static final int SOCKET_READ_BUFFER = 2048;

    static final int SOCKET_WRITE_BUFFER = 4096;

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(TEXT_BUFFER);
        container.setMaxBinaryMessageBufferSize(BINARY_BUFFER);
        return container;
    }

    @Bean
    TomcatConnectorCustomizer smallSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_READ_BUFFER));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_WRITE_BUFFER));
        };
    }

}
