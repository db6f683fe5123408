package com.example.shop.live;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Sizes the buffers Tomcat's WebSocket implementation allocates for every connection from one
 * JVM-wide setting, {@value #TOMCAT_BUFFER_SIZE}: the buffer a connection reads frames into, and
 * the two it encodes and writes outgoing messages with. Tomcat's default is 8 KB each, 24 KB per
 * subscriber. Clients send frames of a few hundred bytes, and the shop's messages are about half
 * a kilobyte, so {@value #DEFAULT_SIZE} bytes hold a whole frame either way; a larger message is
 * still sent, as several WebSocket frames of one message, which every client reassembles.
 * <p>
 * Tomcat reads the system property once, when its WebSocket classes are first loaded, which is
 * when the web server starts: hence an environment post-processor, which runs before that. The
 * property is only set when it is not set already, so {@code -D} on the command line wins.
 */
class WebSocketFrameBuffers implements EnvironmentPostProcessor {

    static final String TOMCAT_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    static final String DEFAULT_SIZE = "1024";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(TOMCAT_BUFFER_SIZE) == null) {
            System.setProperty(TOMCAT_BUFFER_SIZE, DEFAULT_SIZE);
        }
    }

}
