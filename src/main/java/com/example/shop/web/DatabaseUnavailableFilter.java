package com.example.shop.web;

import java.io.IOException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The database out of reach in a filter (the session store reading or saving a session, when every
 * connection of its own pool is taken ({@link SessionStoreConfiguration}) or the database is away)
 * answers 503 problem JSON with {@code Retry-After}, as {@link ProblemDetailsAdvice} does for a
 * controller, and not 500: outside the controllers, such an exception would reach Tomcat, whose
 * error page needs the session again. Outermost but for the request-size and Accept checks, so
 * that it wraps the session store.
 */
class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailableFilter.class);

    private final ProblemResponses problems;

    private final RateLimitedLog warnings;

    DatabaseUnavailableFilter(ProblemResponses problems, LogProperties logProperties) {
        this.problems = problems;
        this.warnings = new RateLimitedLog(log, logProperties.warnInterval());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        }
        catch (ServletException | RuntimeException ex) {
            Throwable cause = unavailable(ex);
            if (cause == null || response.isCommitted()) {
                throw ex;
            }
            warnings.warn("database", "Database unavailable outside a controller: {}", cause.getMessage());
            response.resetBuffer();
            boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            problems.write(request, response, Problems.databaseUnavailable(read), Problems.DATABASE_RETRY_AFTER_SECONDS);
        }
    }

    /** The cause that says the database is out of reach, if that is what went wrong. */
    static @Nullable Throwable unavailable(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessResourceException
                    || cause instanceof SQLTransientConnectionException) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

}
