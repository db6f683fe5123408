package com.example.shop.catalog;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The changes after the asked-for seq are no longer kept: 410, and the client reloads the catalog. */
public class HistoryGoneException extends ErrorResponseException {

    public HistoryGoneException(long after, long oldestKept, long latest) {
        super(HttpStatus.GONE, problem(after, oldestKept, latest), null);
    }

    private static ProblemDetail problem(long after, long oldestKept, long latest) {
        String why = after > latest ? "seq " + after + " is ahead of the catalog, whose latest seq is " + latest
                : "the changes after seq " + after + " are no longer kept; the oldest kept is " + oldestKept;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.GONE,
                "Cannot catch up: " + why + ". Reload the catalog with GET /shirts and follow its seq.");
        problem.setTitle("Changes no longer available");
        problem.setProperty("oldestSeq", oldestKept);
        problem.setProperty("seq", latest);
        return problem;
    }

}
