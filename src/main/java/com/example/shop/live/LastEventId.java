package com.example.shop.live;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import com.example.shop.web.Problems;

/**
 * Where a reconnecting stream of a log channel resumes: the {@code Last-Event-ID} it sends,
 * {@code <epoch>:<seq>} as the streams write ids, or a bare seq (as they did before epochs).
 */
record LastEventId(@Nullable String epoch, long seq) {

    static final String HEADER = "Last-Event-ID";

    /** The id, or {@code null} without one; a 400 problem for anything else. */
    static @Nullable LastEventId parse(@Nullable String header) {
        if (header == null) {
            return null;
        }
        String id = header.strip();
        int colon = id.lastIndexOf(':');
        String epoch = null;
        if (colon >= 0) {
            epoch = id.substring(0, colon);
            if (epoch.isEmpty()) {
                throw invalid();
            }
        }
        try {
            long seq = Long.parseLong(id.substring(colon + 1).strip());
            if (seq >= 0) {
                return new LastEventId(epoch, seq);
            }
        }
        catch (NumberFormatException ex) {
            // answered below
        }
        throw invalid();
    }

    private static ErrorResponseException invalid() {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST,
                "Invalid Last-Event-ID", "Last-Event-ID must be the id of an event of this stream (epoch:seq), or a seq, a number from 0."),
                null);
    }

}
