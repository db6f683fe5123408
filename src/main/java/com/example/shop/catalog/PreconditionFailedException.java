package com.example.shop.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The {@code If-Match} of a write names a version of the shirt that is no longer current: 412, with
 * the current ETag, so the client can fetch, merge and retry.
 */
public class PreconditionFailedException extends ErrorResponseException {

    public PreconditionFailedException(long id, String currentEtag) {
        super(HttpStatus.PRECONDITION_FAILED, problem(id, currentEtag), null);
        getHeaders().setETag(currentEtag);
    }

    private static ProblemDetail problem(long id, String currentEtag) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PRECONDITION_FAILED,
                "Shirt " + id + " has changed since you read it: its current ETag is " + currentEtag
                        + ". Read it again, then retry with If-Match: " + currentEtag + ".");
        problem.setTitle("Shirt changed");
        problem.setProperty("currentEtag", currentEtag);
        return problem;
    }

}
