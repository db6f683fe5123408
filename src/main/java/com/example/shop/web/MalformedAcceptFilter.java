package com.example.shop.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An {@code Accept} header that is no list of media types ({@code json}, {@code /},
 * {@code application/json;q=abc}) is read as {@code application/problem+json}, so that it gets the
 * 406 problem every other unacceptable {@code Accept} gets. Spring MVC answers 406 to it too, but
 * parses the header again to choose how to write that problem, fails again, and sends the 406
 * without a body. Here, where every handler and every feature's problems are ahead, rather than in
 * each of them.
 */
class MalformedAcceptFilter extends OncePerRequestFilter {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(malformed(request) ? new ProblemOnly(request) : request, response);
    }

    private static boolean malformed(HttpServletRequest request) {
        Enumeration<String> values = request.getHeaders(HttpHeaders.ACCEPT);
        if (values == null) {
            return false;
        }
        try {
            for (String value : Collections.list(values)) {
                MediaType.parseMediaTypes(value);
            }
            return false;
        }
        catch (IllegalArgumentException ex) {
            // InvalidMediaTypeException, and what a media type parser throws besides.
            return true;
        }
    }

    private static final class ProblemOnly extends HttpServletRequestWrapper {

        ProblemOnly(HttpServletRequest request) {
            super(request);
        }

        @Override
        public @Nullable String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? PROBLEM : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(PROBLEM)) : super.getHeaders(name);
        }

    }

}
