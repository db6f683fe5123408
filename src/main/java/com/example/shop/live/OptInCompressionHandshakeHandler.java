package com.example.shop.live;

import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Spring's handshake, except that per-message compression is declined unless
 * {@code shop.websocket.compression} is on.
 * <p>
 * Every browser offers {@code permessage-deflate}, and Tomcat accepts it whenever it is offered.
 * Each accepted connection then holds its own deflater and inflater (about 256 KB of native
 * memory, and buffers on the heap) for as long as it is open, and every message is compressed
 * once for every subscriber. The shop's messages are about half a kilobyte, so compression saves
 * little on the wire and costs most of a subscriber's memory and of the CPU spent on a change.
 * Declining is always allowed: the client then sends and receives uncompressed frames.
 * <p>
 * Filtering the extensions Spring selects is not enough on its own: when Spring selects none,
 * Tomcat negotiates its installed extensions against the request's
 * {@code Sec-WebSocket-Extensions} header by itself. So the upgrade also hides that header from
 * Tomcat whenever no extension was selected.
 */
class OptInCompressionHandshakeHandler extends DefaultHandshakeHandler {

    private final boolean compression;

    OptInCompressionHandshakeHandler(boolean compression) {
        super(new SelectedExtensionsOnly());
        this.compression = compression;
    }

    @Override
    protected List<WebSocketExtension> filterRequestedExtensions(ServerHttpRequest request,
            List<WebSocketExtension> requestedExtensions, List<WebSocketExtension> supportedExtensions) {
        List<WebSocketExtension> accepted = super.filterRequestedExtensions(request, requestedExtensions,
                supportedExtensions);
        if (compression) {
            return accepted;
        }
        return accepted.stream().filter(extension -> !extension.getName().contains("deflate")).toList();
    }

    /** The standard upgrade, with Tomcat left no extension to negotiate that Spring did not select. */
    static final class SelectedExtensionsOnly extends StandardWebSocketUpgradeStrategy {

        private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

        @Override
        public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
                List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
                Map<String, Object> attrs) throws HandshakeFailureException {
            if (selectedExtensions.isEmpty()) {
                request = new ServletServerHttpRequest(new WithoutExtensions(getHttpServletRequest(request)));
            }
            super.upgrade(request, response, selectedProtocol, selectedExtensions, user, wsHandler, attrs);
        }

        private static final class WithoutExtensions extends HttpServletRequestWrapper {

            WithoutExtensions(HttpServletRequest request) {
                super(request);
            }

            @Override
            public @Nullable String getHeader(String name) {
                return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
            }

        }

    }

}
