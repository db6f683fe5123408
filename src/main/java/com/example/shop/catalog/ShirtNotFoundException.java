package com.example.shop.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No shirt has the id asked for: 404 as problem JSON. */
public class ShirtNotFoundException extends ErrorResponseException {

    public ShirtNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(long id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No shirt has the id " + id + ".");
        problem.setTitle("Shirt not found");
        problem.setProperty("id", id);
        return problem;
    }

}
