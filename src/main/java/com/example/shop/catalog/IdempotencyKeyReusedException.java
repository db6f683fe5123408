package com.example.shop.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An {@code Idempotency-Key} already used for a different request body: 422, nothing is created. */
public class IdempotencyKeyReusedException extends ErrorResponseException {

    public IdempotencyKeyReusedException(String key, long shirtId) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, problem(key, shirtId), null);
    }

    private static ProblemDetail problem(String key, long shirtId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "The Idempotency-Key '" + key + "' was already used to create shirt " + shirtId
                        + " from a different request body. Use a new key for a new shirt.");
        problem.setTitle("Idempotency-Key reused");
        problem.setProperty("shirtId", shirtId);
        return problem;
    }

}
