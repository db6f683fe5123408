package com.example.shop.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No shirt has the id asked for: 404 as problem JSON. */
public class ShirtNotFoundException extends ErrorResponseException {

    public ShirtNotFoundException(long id) {
        this(id, "No shirt has the id " + id + ".");
    }

    private ShirtNotFoundException(long id, String detail) {
        super(HttpStatus.NOT_FOUND, problem(id, detail), null);
    }

    /**
     * A create retried with its {@code Idempotency-Key} after the shirt it created was deleted:
     * there is nothing to answer with, and creating another would defeat the key.
     */
    static ShirtNotFoundException deletedSince(String idempotencyKey, long id) {
        return new ShirtNotFoundException(id, "The shirt " + id + " created under the Idempotency-Key '" + idempotencyKey
                + "' has been deleted since. Use a new key to create a shirt again.");
    }

    private static ProblemDetail problem(long id, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle("Shirt not found");
        problem.setProperty("id", id);
        return problem;
    }

}
