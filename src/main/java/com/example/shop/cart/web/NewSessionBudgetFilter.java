package com.example.shop.cart.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

import com.example.shop.web.ClientAddress;
import com.example.shop.web.ProblemResponses;

/**
 * Bounds the sessions one client address can make the shop keep: a session lives on the server
 * until it times out, and an anonymous shopper gets one with the first add to a cart, so a client
 * that drops its cookie every time could otherwise fill the shop's memory (or its session table)
 * with one request each. A request that would start a session past
 * {@code shop.cart.max-new-sessions-per-address-per-minute} is answered 429 with
 * {@code Retry-After}, before anything was changed; requests with a session go on as ever.
 * <p>
 * It counts where sessions are made, {@code getSession(true)} on the request, whoever asks (the
 * cart, Spring Security saving a request or a login), and whatever keeps the sessions: it sits
 * inside a session store's own request wrapper (Spring Session's filter comes first) and outside
 * Spring Security, not in Tomcat's session manager.
 */
class NewSessionBudgetFilter extends OncePerRequestFilter {

    private final NewSessions newSessions;

    private final int budget;

    private final ClientAddress clientAddress;

    private final ProblemResponses problems;

    NewSessionBudgetFilter(NewSessions newSessions, int budget, ClientAddress clientAddress, ProblemResponses problems) {
        this.newSessions = newSessions;
        this.budget = budget;
        this.clientAddress = clientAddress;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(new Budgeted(request), response);
        }
        catch (ServletException | IOException | RuntimeException ex) {
            // Refused outside Spring MVC (where the advice answers it): in Spring Security, say.
            TooManyNewSessionsException refused = refusal(ex);
            if (refused == null || response.isCommitted()) {
                throw ex;
            }
            response.resetBuffer();
            problems.write(request, response, refused.getBody(), refused.retryAfterSeconds());
        }
    }

    private static @Nullable TooManyNewSessionsException refusal(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooManyNewSessionsException refused) {
                return refused;
            }
        }
        return null;
    }

    private final class Budgeted extends HttpServletRequestWrapper {

        Budgeted(HttpServletRequest request) {
            super(request);
        }

        @Override
        public HttpSession getSession() {
            return getSession(true);
        }

        @Override
        public @Nullable HttpSession getSession(boolean create) {
            HttpSession session = super.getSession(false);
            if (session != null || !create) {
                return session;
            }
            long wait = newSessions.tryStart(clientAddress.key(getRemoteAddr()));
            if (wait > 0) {
                throw new TooManyNewSessionsException(budget, wait);
            }
            return super.getSession(true);
        }

    }

}
