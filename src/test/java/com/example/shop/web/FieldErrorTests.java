package com.example.shop.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldErrorTests {

    @Test
    void bodyFieldsArePointedAtWithJsonPointers() {
        assertThat(FieldError.ofBody("price", "x").pointer()).isEqualTo("#/price");
        assertThat(FieldError.ofBody("sizes[1]", "x").pointer()).isEqualTo("#/sizes/1");
        assertThat(FieldError.ofBody("a.b[0].c", "x").pointer()).isEqualTo("#/a/b/0/c");
        assertThat(FieldError.ofBody("", "x").pointer()).isEqualTo("#");
        assertThat(FieldError.ofBody("a/b~c", "x").pointer()).isEqualTo("#/a~1b~0c");
    }

    @Test
    void theFieldKeepsTheNameTheClientKnows() {
        assertThat(FieldError.ofBody("sizes[1]", "x").field()).isEqualTo("sizes[1]");
        assertThat(FieldError.ofParameter("size", "x")).isEqualTo(new FieldError("", "size", "x"));
    }

    @Test
    void aFieldBreakingSeveralRulesGetsOneEntrySayingAll() {
        var errors = FieldError.onePerField(java.util.List.of(FieldError.ofBody("color", "must not be blank"),
                FieldError.ofBody("name", "too long"), FieldError.ofBody("color", "must be a color name"),
                FieldError.ofBody("color", "must not be blank")));
        assertThat(errors).containsExactly(FieldError.ofBody("color", "must not be blank; must be a color name"),
                FieldError.ofBody("name", "too long"));
    }

}
