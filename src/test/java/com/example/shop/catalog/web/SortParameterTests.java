package com.example.shop.catalog.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Sort;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code sort=field[,asc|desc]}, repeatable, on the fields a client may sort by. */
class SortParameterTests {

    @Test
    void fieldsWithAndWithoutDirectionEndingWithTheIdForStablePages() {
        assertThat(SortParameter.parse(List.of("price,desc", "name", "createdAt,ASC"), 3))
            .isEqualTo(Sort.by(Sort.Order.desc("price"), Sort.Order.asc("name"), Sort.Order.asc("createdAt"), Sort.Order.asc("id")));
        assertThat(SortParameter.parse(List.of(" name , desc "), 3)).isEqualTo(Sort.by(Sort.Order.desc("name"), Sort.Order.asc("id")));
    }

    @Test
    void anUnknownFieldOrDirectionIsABadRequestNamingTheParameter() {
        // Field names are matched as the API spells them: "Price" and "createdat" are no fields.
        for (String sort : List.of("id", "color,asc", "price,down", "price,asc,name", ",", "", ",desc", "Price", "createdat")) {
            assertThatExceptionOfType(ErrorResponseException.class).as(sort).isThrownBy(() -> SortParameter.parse(List.of(sort), 3))
                .satisfies(ex -> {
                    assertThat(ex.getStatusCode().value()).isEqualTo(400);
                    assertThat(ex.getBody().getTitle()).isEqualTo("Invalid request parameters");
                    assertThat(ex.getBody().getDetail()).startsWith("sort: ");
                    assertThat(ex.getBody().getProperties()).containsKey("errors");
                });
        }
    }

    @Test
    void moreKeysThanAllowedAreABadRequestNamingTheParameter() {
        assertThat(SortParameter.parse(List.of("price", "name", "createdAt"), 3).toList()).hasSize(4);
        // Counted as sent: the same field twice is two keys, and so two comparisons.
        for (List<String> sort : List.of(List.of("price", "name", "createdAt", "price,desc"), List.of("name", "name", "name", "name"))) {
            assertThatExceptionOfType(ErrorResponseException.class).as(sort.toString())
                .isThrownBy(() -> SortParameter.parse(sort, 3))
                .satisfies(ex -> {
                    assertThat(ex.getStatusCode().value()).isEqualTo(400);
                    assertThat(ex.getBody().getDetail()).isEqualTo("sort: at most 3 keys, not 4.");
                    assertThat(ex.getBody().getProperties().get("errors").toString()).contains("sort");
                });
        }
        // One key is the least shop.api.max-sort-keys may be: the default order is one key too.
        assertThat(SortParameter.parse(List.of("createdAt,asc"), 1).toList()).hasSize(2);
        assertThatExceptionOfType(ErrorResponseException.class).isThrownBy(() -> SortParameter.parse(List.of("price", "name"), 1))
            .satisfies(ex -> assertThat(ex.getBody().getDetail()).isEqualTo("sort: at most 1 key, not 2."));
    }

}
