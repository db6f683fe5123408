package com.example.shop.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import com.example.shop.web.ProblemResponses;
import com.example.shop.web.Problems;

/**
 * 401 as problem JSON, with the Basic challenge curl expects. Requests from the shop's own pages
 * ({@code X-Requested-With}) get no challenge, so the browser shows no password dialog of its own.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final ProblemResponses problems;

    ProblemAuthenticationEntryPoint(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"shop\"");
        }
        problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "Unauthorized",
                "This needs the shop's admin: send HTTP Basic credentials, for example curl -u admin:PASSWORD."));
    }

}
