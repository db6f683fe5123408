package com.example.shop.live;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.server.HandshakeInterceptor;

import com.example.shop.web.ClientAddress;
import com.example.shop.web.ProblemResponses;
import com.example.shop.web.Problems;

/**
 * Keeps the live channel from taking the connections the rest of the shop needs: WebSockets and
 * Server-Sent Events streams together are capped at {@code shop.live.max-connections}, and at
 * {@code shop.live.max-connections-per-address} from one client address (as the shop sees it:
 * behind a proxy in {@code shop.web.trusted-proxies}, the forwarded one; an IPv6 /64 counts as one
 * address, see {@link ClientAddress}). Past a cap
 * the handshake answers 503 (all taken) or 429 (this address), as problem JSON with
 * {@code Retry-After}, before any other work is done for it.
 * <p>
 * A connection holds a {@link Permit} from its handshake until it closes: a stream until its
 * response completes, a WebSocket until its session ends (released by the WebSocket handler).
 */
final class LiveConnections {

    static final String PERMIT = LiveConnections.class.getName() + ".permit";

    private static final long RETRY_AFTER_SECONDS = 10;

    private final int max;

    private final int maxPerAddress;

    private final AtomicInteger total = new AtomicInteger();

    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    LiveConnections(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    int open() {
        return total.get();
    }

    /** One live connection's place; released once, however often it is asked to be. */
    final class Permit {

        private final String address;

        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String address) {
            this.address = address;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                total.decrementAndGet();
                perAddress.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
            }
        }

    }

    /** A permit for a new live connection from {@code address}, or the problem that refuses it. */
    Object acquire(String address) {
        if (total.incrementAndGet() > max) {
            total.decrementAndGet();
            return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Live channel full",
                    "The shop holds its most live connections (" + max + ", shop.live.max-connections). "
                            + "Try again later; the catalog itself is at GET /shirts.");
        }
        boolean[] refused = { false };
        perAddress.compute(address, (key, count) -> {
            AtomicInteger counter = count == null ? new AtomicInteger() : count;
            if (counter.get() >= maxPerAddress) {
                refused[0] = true;
            }
            else {
                counter.incrementAndGet();
            }
            return counter;
        });
        if (refused[0]) {
            total.decrementAndGet();
            return Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many live connections",
                    "This address holds its most live connections (" + maxPerAddress
                            + ", shop.live.max-connections-per-address); close one, or try again later.");
        }
        return new Permit(address);
    }

    /** Takes a permit for every request to {@code /ws} and every channel's stream, whatever its method. */
    static final class Filter extends OncePerRequestFilter {

        private final LiveConnections connections;

        private final ProblemResponses problems;

        private final ClientAddress clientAddress;

        private final java.util.function.Predicate<String> livePath;

        /** @param livePath whether a request path is a live one (the WebSocket, a stream) */
        Filter(LiveConnections connections, ProblemResponses problems, ClientAddress clientAddress,
                java.util.function.Predicate<String> livePath) {
            this.connections = connections;
            this.problems = problems;
            this.clientAddress = clientAddress;
            this.livePath = livePath;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !livePath.test(request.getRequestURI().substring(request.getContextPath().length()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // Every method counts, not only GET: a HEAD or any other request to a live path holds
            // a connection of its own until it is answered, like a handshake.
            Object acquired = connections.acquire(clientAddress.key(request.getRemoteAddr()));
            if (acquired instanceof ProblemDetail problem) {
                problems.write(request, response, problem, RETRY_AFTER_SECONDS);
                return;
            }
            Permit permit = (Permit) acquired;
            request.setAttribute(PERMIT, permit);
            boolean handedOver = false;
            try {
                chain.doFilter(request, response);
                if (request.isAsyncStarted()) {
                    request.getAsyncContext().addListener(new Releasing(permit));
                    handedOver = true;
                }
                else if (response.getStatus() == HttpStatus.SWITCHING_PROTOCOLS.value()) {
                    // The WebSocket session has it now (see Handshake), and releases it when it closes.
                    handedOver = true;
                }
            }
            finally {
                if (!handedOver) {
                    permit.release();
                }
            }
        }

        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return true;
        }

    }

    /** Hands the handshake's permit to the WebSocket session. */
    static final class Handshake implements HandshakeInterceptor {

        @Override
        public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                Map<String, Object> attributes) {
            if (request instanceof ServletServerHttpRequest servlet
                    && servlet.getServletRequest().getAttribute(PERMIT) instanceof Permit permit) {
                attributes.put(PERMIT, permit);
            }
            return true;
        }

        @Override
        public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                @Nullable Exception exception) {
        }

        static void release(WebSocketSession session) {
            if (session.getAttributes().get(PERMIT) instanceof Permit permit) {
                permit.release();
            }
        }

    }

    private record Releasing(Permit permit) implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            permit.release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            permit.release();
        }

        @Override
        public void onError(AsyncEvent event) {
            permit.release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

    }

}
