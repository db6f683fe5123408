package com.example.shop.catalog.web;

import java.math.BigDecimal;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.example.shop.catalog.ShirtDetails;
import com.example.shop.catalog.ShirtSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of a shirt as sent, checked by Bean Validation alone, and the command a valid request becomes. */
class ShirtRequestTests {

    private static final jakarta.validation.ValidatorFactory factory = Validation.byDefaultProvider().configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory();

    private final Validator validator = factory.getValidator();

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void aValidRequestBecomesTheCatalogsCommand() {
        var request = new ShirtRequest(" Basic ", "white", Set.of(ShirtSize.M), new BigDecimal("19.99"), " ");
        assertThat(invalidFields(request)).isEmpty();
        assertThat(request.toDetails()).isEqualTo(new ShirtDetails("Basic", "white", Set.of(ShirtSize.M), new BigDecimal("19.99"), null));
    }

    @Test
    void everyRequiredFieldIsNamed() {
        assertThat(invalidFields(new ShirtRequest(null, null, null, null, null))).containsOnly("name", "color", "sizes", "price");
        assertThat(invalidFields(new ShirtRequest(" ", " ", Set.of(), new BigDecimal("19.99"), null))).containsOnly("name", "color", "sizes");
    }

    @Test
    void pricesArePositiveWithTwoFractionDigitsAndFitTheColumn() {
        assertThat(invalidFields(withPrice("0"))).containsOnly("price");
        assertThat(invalidFields(withPrice("-1"))).containsOnly("price");
        assertThat(invalidFields(withPrice("1.999"))).containsOnly("price");
        assertThat(invalidFields(withPrice("100000000"))).containsOnly("price");
        // An exponent Hibernate Validator's digit count overflows on: @DecimalMax still refuses it.
        assertThat(invalidFields(withPrice("1e2147483647"))).containsOnly("price");
        assertThat(invalidFields(withPrice("99999999.99"))).isEmpty();
        assertThat(invalidFields(withPrice("0.01"))).isEmpty();
    }

    @Test
    void textHasItsLengthsAndNoControlCharacters() {
        assertThat(invalidFields(new ShirtRequest("x".repeat(101), "white", Set.of(ShirtSize.M), BigDecimal.ONE, null))).containsOnly("name");
        assertThat(invalidFields(new ShirtRequest("Basic\u0000", "white", Set.of(ShirtSize.M), BigDecimal.ONE, null))).containsOnly("name");
        assertThat(invalidFields(new ShirtRequest("Basic", "white2", Set.of(ShirtSize.M), BigDecimal.ONE, null))).containsOnly("color");
        assertThat(invalidFields(new ShirtRequest("Basic", "navy-blue", Set.of(ShirtSize.M), BigDecimal.ONE, "a\tb\r\nc"))).isEmpty();
        assertThat(invalidFields(new ShirtRequest("Basic", "white", Set.of(ShirtSize.M), BigDecimal.ONE, "a\u0007"))).containsOnly("description");
        // One character class, not an alternation: a description at its limit does not overflow the stack.
        assertThat(invalidFields(new ShirtRequest("Basic", "white", Set.of(ShirtSize.M), BigDecimal.ONE, "ab\n".repeat(666)))).isEmpty();
        assertThat(invalidFields(new ShirtRequest("Basic", "white", Set.of(ShirtSize.M), BigDecimal.ONE, "x".repeat(2001)))).containsOnly("description");
    }

    @Test
    void lengthsAreInclusive() {
        assertThat(invalidFields(new ShirtRequest("x".repeat(100), "white", Set.of(ShirtSize.M), BigDecimal.ONE, "x".repeat(2000)))).isEmpty();
        assertThat(invalidFields(new ShirtRequest("Basic", "a".repeat(30), Set.of(ShirtSize.M), BigDecimal.ONE, null))).isEmpty();
        assertThat(invalidFields(new ShirtRequest("Basic", "a".repeat(31), Set.of(ShirtSize.M), BigDecimal.ONE, null))).containsOnly("color");
    }

    @Test
    void aColorNameStartsWithALetter() {
        assertThat(invalidFields(new ShirtRequest("Basic", "-blue", Set.of(ShirtSize.M), BigDecimal.ONE, null))).containsOnly("color");
    }

    @Test
    void aMissingSizeInTheListIsNamed() {
        Set<ShirtSize> sizes = new java.util.HashSet<>(java.util.Arrays.asList(ShirtSize.M, null));
        assertThat(invalidFields(new ShirtRequest("Basic", "white", sizes, BigDecimal.ONE, null)))
            .singleElement().asString().startsWith("sizes");
    }

    private static ShirtRequest withPrice(String price) {
        return new ShirtRequest("Basic", "white", Set.of(ShirtSize.M), new BigDecimal(price), null);
    }

    private Set<String> invalidFields(ShirtRequest request) {
        return validator.validate(request).stream()
            .map(ConstraintViolation::getPropertyPath)
            .map(Object::toString)
            .collect(java.util.stream.Collectors.toSet());
    }

}
