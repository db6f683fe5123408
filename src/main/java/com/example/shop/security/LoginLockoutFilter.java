package com.example.shop.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import com.example.shop.web.ProblemResponses;
import com.example.shop.web.Problems;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * Refuses a login attempt from a locked-out client address with 429 before any password is checked,
 * so that a guesser costs the shop no bcrypt check either. An attempt is a request with HTTP Basic
 * credentials, on any URL (Spring Security checks them wherever they come), or a post of the login
 * form. Everything else from that address (public reads, a session already logged in) goes on.
 */
class LoginLockoutFilter extends OncePerRequestFilter {

    private static final RequestMatcher LOGIN_FORM = pathPattern(HttpMethod.POST, "/login");

    private final FailedLogins failedLogins;

    private final ProblemResponses problems;

    LoginLockoutFilter(FailedLogins failedLogins, ProblemResponses problems) {
        this.failedLogins = failedLogins;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration lockedOut = isLoginAttempt(request) ? failedLogins.lockedOut(request.getRemoteAddr()) : null;
        if (lockedOut == null) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (lockedOut.toMillis() + 999) / 1000);
        problems.write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins",
                "Too many failed logins from your address. Try again in " + seconds + " seconds."), seconds);
    }

    private static boolean isLoginAttempt(HttpServletRequest request) {
        // As Spring Security's BasicAuthenticationConverter reads the header.
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.strip().regionMatches(true, 0, "Basic", 0, 5)
                || LOGIN_FORM.matches(request);
    }

}
