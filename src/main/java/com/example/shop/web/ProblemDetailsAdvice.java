package com.example.shop.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.PersistenceException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.ConversionFailedException;
import org.hibernate.exception.JDBCConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.dao.UncategorizedDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the HTTP API into an RFC 9457 problem. Spring MVC's own exceptions (404 for
 * unknown paths, 405, 406, 415, ...) already come as problems from the base class; here validation
 * and unreadable bodies get details a client can act on: what was wrong, and where, one entry per
 * field. Nothing internal (class names, stack traces, SQL) reaches the client.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    /** Methods that change nothing (RFC 9110, section 9.2.1). */
    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD,
            HttpMethod.OPTIONS, HttpMethod.TRACE);

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    /** PostgreSQL's admin_shutdown, crash_shutdown and cannot_connect_now. */
    private static final Set<String> CONNECTION_LOST_STATES = Set.of("57P01", "57P02", "57P03");

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalidBody(ex.getBindingResult(), headers, request);
    }

    @ExceptionHandler
    ResponseEntity<Object> handleInvalidRequest(InvalidRequestException ex, WebRequest request) {
        return invalidBody(ex.getResult(), new HttpHeaders(), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            if (result instanceof ParameterErrors body) {
                // A @Valid body checked together with constrained parameters: answer as for @Valid alone.
                return invalidBody(body, headers, request);
            }
            String name = parameterName(result);
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(FieldError.ofParameter(name, String.valueOf(error.getDefaultMessage())));
            }
        }
        errors = FieldError.onePerField(errors);
        String summary = errors.stream().map(e -> e.field() + " " + e.detail()).collect(Collectors.joining("; "));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request parameters", summary + ".");
        problem.setProperty("errors", errors);
        return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : String.valueOf(ex.getPropertyName());
        Class<?> type = ex.getRequiredType();
        if (ex instanceof MethodArgumentTypeMismatchException mismatch && type != null
                && java.util.Collection.class.isAssignableFrom(type)) {
            // days=Funday for a List<DayOfWeek>: name the element type, not "an array"
            type = ResolvableType.forMethodParameter(mismatch.getParameter()).asCollection().resolveGeneric(0);
        }
        String detail = "'" + Problems.abbreviate(rejectedValue(ex)) + "' is not " + Problems.describe(type);
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request parameters", name + ": " + detail + ".");
        problem.setProperty("errors", List.of(FieldError.ofParameter(name, detail)));
        return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        RequestTooLargeException tooLarge = cause(ex, RequestTooLargeException.class);
        if (tooLarge != null) {
            return createResponseEntity(RequestSizeLimitFilter.tooLarge(tooLarge.getLimit()), headers,
                    HttpStatus.CONTENT_TOO_LARGE, request);
        }
        return createResponseEntity(Problems.unreadable(ex.getCause()), headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * A query string that is not valid percent-encoded UTF-8 ({@code ?q=%zz}): Tomcat gives up on
     * it while Spring reads the parameters. It is the client's mistake, so a 400 problem, not a
     * server error logged with its stack trace.
     */
    @ExceptionHandler
    ResponseEntity<Object> handleUndecodableParameters(org.apache.tomcat.util.http.InvalidParameterException ex,
            WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request parameters",
                "The query string is not valid percent-encoded UTF-8.");
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /**
     * The database cannot be reached (restarting, the network to it down), and the client should
     * try again shortly. Spring raises these when it cannot begin a transaction or when a connection
     * breaks; Hibernate's own when a statement fails on a broken connection. A read changed nothing.
     * A write almost always did not happen either, but not always: when the connection breaks while
     * the database commits, the commit may have been made without the shop hearing of it. The answer
     * to a write says so, and that retrying with the same {@code Idempotency-Key} is safe either way.
     */
    @ExceptionHandler({ CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessResourceException.class, CannotGetJdbcConnectionException.class,
            JDBCConnectionException.class })
    ResponseEntity<Object> handleDatabaseUnavailable(RuntimeException ex, WebRequest request) {
        log.warn("Database unavailable: {}", ex.getMessage());
        boolean read = request instanceof ServletWebRequest servlet
                && SAFE_METHODS.contains(HttpMethod.valueOf(servlet.getRequest().getMethod()));
        ProblemDetail problem = Problems.databaseUnavailable(read);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Problems.DATABASE_RETRY_AFTER_SECONDS));
        return createResponseEntity(problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    /**
     * A connection that breaks in the middle of a request (the database stops under a write waiting
     * for a row lock, say) surfaces as whatever was running then: a JDBC error of Hibernate's
     * that nothing translated, or, since the rollback then fails on the dead connection and replaces
     * the first error, a failed rollback. Those whose causes say that the connection is gone are
     * answered as above, 503; any other stays a server error.
     */
    @ExceptionHandler({ PersistenceException.class, UncategorizedDataAccessException.class,
            TransactionSystemException.class })
    ResponseEntity<Object> handleBrokenConnection(RuntimeException ex, WebRequest request) {
        if (!isConnectionLost(ex)) {
            // Rethrown as is, the error goes on to the usual handling of server errors.
            throw ex;
        }
        return handleDatabaseUnavailable(ex, request);
    }

    /**
     * Whether an error comes from a lost database connection: a connection error of JDBC or of
     * Hibernate, SQLState class 08 (connection exception) or PostgreSQL's 57P01 to 57P03 (the server
     * shut down, crashed, or is starting), or a transaction that could not be ended on a connection
     * the pool had already closed (HikariCP closes a connection it evicts after such an error, and
     * what is called on it then throws an SQLException without a state). A transaction that could
     * not even be rolled back was never committed, so nothing was changed.
     */
    static boolean isConnectionLost(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof JDBCConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || CONNECTION_LOST_STATES.contains(sql.getSQLState()))) {
                return true;
            }
            if (cause instanceof org.hibernate.TransactionException && cause.getCause() instanceof SQLException sql
                    && sql.getSQLState() == null) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private ResponseEntity<Object> invalidBody(Errors result, HttpHeaders headers, WebRequest request) {
        List<FieldError> found = new ArrayList<>();
        result.getFieldErrors()
            .forEach(error -> found.add(FieldError.ofBody(error.getField(), String.valueOf(error.getDefaultMessage()))));
        result.getGlobalErrors()
            .forEach(error -> found.add(FieldError.ofBody("", String.valueOf(error.getDefaultMessage()))));
        // Bean Validation reports in no particular order; a stable order is easier to read and to test.
        found.sort(java.util.Comparator.comparing(FieldError::field).thenComparing(FieldError::detail));
        List<FieldError> errors = FieldError.onePerField(found);
        String summary = errors.stream().map(e -> e.field() + " " + e.detail()).collect(Collectors.joining("; "));
        Object target = result instanceof BindingResult binding ? binding.getTarget()
                : result instanceof ParameterErrors parameter ? parameter.getArgument() : null;
        String title = "Invalid " + Problems.noun(target == null ? null : target.getClass());
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, title, summary + ".");
        problem.setProperty("errors", errors);
        return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * The value that could not be converted. A repeated parameter ({@code ids=x&ids=2})
     * arrives as an array, whose own text is a Java internal; the innermost conversion failure
     * names the one value at fault.
     */
    private static String rejectedValue(TypeMismatchException ex) {
        Object value = ex.getValue();
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConversionFailedException failed) {
                value = failed.getValue();
            }
        }
        if (value instanceof Object[] values) {
            return Arrays.stream(values).map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    private static String parameterName(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        var param = result.getMethodParameter()
            .getParameterAnnotation(org.springframework.web.bind.annotation.RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        var header = result.getMethodParameter()
            .getParameterAnnotation(org.springframework.web.bind.annotation.RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        return name == null ? "parameter" : name;
    }

    private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

}
