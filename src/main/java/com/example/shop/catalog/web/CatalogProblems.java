package com.example.shop.catalog.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.shop.catalog.HistoryGoneException;
import com.example.shop.catalog.IdempotencyKeyReusedException;
import com.example.shop.catalog.ShirtNotFoundException;
import com.example.shop.catalog.VersionConflictException;

/**
 * The catalog's exceptions as HTTP answers: RFC 9457 problems that tell the client what to do
 * next. The exceptions themselves know nothing of HTTP. Not limited to the catalog's own
 * controllers: {@code /shirts/events} (in {@code live}) reads the catalog too, and its
 * {@link HistoryGoneException} answers 410 from here.
 */
@RestControllerAdvice
class CatalogProblems {

    private static final Logger log = LoggerFactory.getLogger(CatalogProblems.class);

    @ExceptionHandler
    ErrorResponse notFound(ShirtNotFoundException ex) {
        String key = ex.idempotencyKey();
        String detail = key == null ? "No shirt has the id " + ex.shirtId() + "."
                : "The shirt " + ex.shirtId() + " created under the Idempotency-Key '" + key
                        + "' has been deleted since. Use a new key to create a shirt again.";
        return ErrorResponse.builder(ex, HttpStatus.NOT_FOUND, detail)
            .title("Shirt not found")
            .property("id", ex.shirtId())
            .build();
    }

    @ExceptionHandler
    ErrorResponse versionConflict(VersionConflictException ex) {
        String currentEtag = EntityTags.of(ex.currentVersion());
        return ErrorResponse.builder(ex, HttpStatus.PRECONDITION_FAILED,
                "Shirt " + ex.shirtId() + " has changed since you read it: its current ETag is " + currentEtag
                        + ". Read it again, then retry with If-Match: " + currentEtag + ".")
            .title("Shirt changed")
            .property("currentEtag", currentEtag)
            .header("ETag", currentEtag)
            .build();
    }

    @ExceptionHandler
    ErrorResponse idempotencyKeyReused(IdempotencyKeyReusedException ex) {
        return ErrorResponse.builder(ex, HttpStatus.UNPROCESSABLE_CONTENT,
                "The Idempotency-Key '" + ex.key() + "' was already used to create shirt " + ex.shirtId()
                        + " from a different request body. Use a new key for a new shirt.")
            .title("Idempotency-Key reused")
            .property("shirtId", ex.shirtId())
            .build();
    }

    /**
     * A write that lost a race: it waited for the catalog's lock longer than the database allows
     * (another write held it), or found its row changed under it. The catalog takes its lock through
     * a repository, so Spring has translated whatever the database and JPA said into these two.
     */
    @ExceptionHandler({ OptimisticLockingFailureException.class, PessimisticLockingFailureException.class })
    ErrorResponse concurrentWrite(RuntimeException ex) {
        log.info("A write lost a race: {}", ex.getMessage());
        return ErrorResponse.builder(ex, HttpStatus.CONFLICT,
                "Another write to the catalog got in the way, so this one was not made. Retry it; for a "
                        + "conditional write, read the shirt again first.")
            .title("Concurrent change")
            .build();
    }

    @ExceptionHandler
    ErrorResponse historyGone(HistoryGoneException ex) {
        String why = ex.ahead() ? "seq " + ex.after() + " is ahead of the catalog, whose latest seq is " + ex.latest()
                : "the changes after seq " + ex.after() + " are no longer kept; the oldest kept is " + ex.oldestKept();
        return ErrorResponse.builder(ex, HttpStatus.GONE,
                "Cannot catch up: " + why + ". Reload the catalog with GET /shirts and follow its seq.")
            .title("Changes no longer available")
            .property("oldestSeq", ex.oldestKept())
            .property("seq", ex.latest())
            .build();
    }

}
