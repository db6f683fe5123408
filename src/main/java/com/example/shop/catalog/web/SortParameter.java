package com.example.shop.catalog.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import com.example.shop.web.FieldError;
import com.example.shop.web.Problems;

/**
 * Parses {@code sort=field[,asc|desc]} as Spring Data names it, but only on the fields a client may
 * sort by, so that an unknown field is a clear 400 rather than a query error.
 * <p>
 * Written by hand, like the {@code page} and {@code size} parameters of {@code ShirtController},
 * because Spring Data's {@code Pageable} resolution answers differently: it clamps a size over
 * {@code max-page-size} and falls back to the default for a negative or malformed page, size or
 * direction instead of refusing them, and passes any property name through to the query, so an
 * unknown field fails in the database. The API promises a 400 naming the parameter for each.
 */
final class SortParameter {

    static final Map<String, String> FIELDS = Map.of("name", "name", "price", "price", "createdAt", "createdAt");

    private SortParameter() {
    }

    /**
     * The sort of {@code values}, of at most {@code maxKeys} keys: a URL of 8 KB holds hundreds of
     * {@code sort=} values, each a comparison more for every pair of rows the database orders.
     */
    static Sort parse(List<String> values, int maxKeys) {
        if (values.size() > maxKeys) {
            throw invalid("at most " + maxKeys + (maxKeys == 1 ? " key" : " keys") + ", not " + values.size());
        }
        List<Sort.Order> orders = new ArrayList<>();
        for (String value : values) {
            String[] parts = value.split(",");
            if (parts.length == 0 || parts.length > 2 || !FIELDS.containsKey(parts[0].strip())) {
                throw invalid("'" + value + "' is not a sort; use name, price or createdAt, then ,asc or ,desc");
            }
            Sort.Direction direction = Sort.Direction.ASC;
            if (parts.length == 2) {
                switch (parts[1].strip().toLowerCase(Locale.ROOT)) {
                    case "asc" -> direction = Sort.Direction.ASC;
                    case "desc" -> direction = Sort.Direction.DESC;
                    default -> throw invalid("'" + parts[1] + "' is not a direction; use asc or desc");
                }
            }
            orders.add(new Sort.Order(direction, FIELDS.get(parts[0].strip())));
        }
        // The id as last key makes paging stable among equal names, prices or times.
        orders.add(Sort.Order.asc("id"));
        return Sort.by(orders);
    }

    private static ErrorResponseException invalid(String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid request parameters", "sort: " + detail + ".");
        problem.setProperty("errors", List.of(FieldError.ofParameter("sort", detail)));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

}
