package com.example.shop.catalog.web;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.data.domain.PageRequest;
import org.springframework.util.unit.DataSize;

import com.example.shop.catalog.CatalogSnapshotProperties;
import com.example.shop.catalog.ShirtSearch;

import static org.assertj.core.api.Assertions.assertThat;

/** The kept JSON answers of {@code GET /shirts}, without Spring. */
class ListAnswersTests {

    private static final ListAnswers.Query ALL = new ListAnswers.Query(ShirtSearch.all(), PageRequest.of(0, 20));

    private static final ListAnswers.Query WHITE = new ListAnswers.Query(new ShirtSearch("white", Set.of(), null, null, null),
            PageRequest.of(0, 20));

    @Test
    void anAnswerIsServedOnlyForTheSeqItWasRenderedAt() {
        var answers = answers(DataSize.ofKilobytes(64));
        answers.put(ALL, 7, bytes(100));

        assertThat(answers.get(ALL, 7)).hasSize(100);
        assertThat(answers.get(ALL, 8)).isNull();
        assertThat(answers.get(ALL, 6)).isNull();
        assertThat(answers.get(WHITE, 7)).isNull();
    }

    @Test
    void aNewerSeqDropsTheAnswersOfTheOlderOneAndAnOlderOneIsNotKept() {
        var answers = answers(DataSize.ofKilobytes(64));
        answers.put(ALL, 7, bytes(100));
        answers.put(WHITE, 8, bytes(50));

        assertThat(answers.get(ALL, 7)).isNull();
        assertThat(answers.get(WHITE, 8)).hasSize(50);

        answers.put(ALL, 7, bytes(100));
        assertThat(answers.get(ALL, 7)).isNull();
        assertThat(answers.get(WHITE, 8)).hasSize(50);
    }

    @Test
    void theKeptAnswersStayWithinTheirSize() {
        var answers = answers(DataSize.ofBytes(2_000));
        answers.put(ALL, 1, bytes(1_000));
        assertThat(answers.get(ALL, 1)).isNotNull();

        // Over the size: everything is dropped, and the cache fills again from the next answer.
        answers.put(WHITE, 1, bytes(1_000));
        assertThat(answers.get(ALL, 1)).isNull();
        assertThat(answers.get(WHITE, 1)).isNull();
        answers.put(WHITE, 1, bytes(1_000));
        assertThat(answers.get(WHITE, 1)).isNotNull();

        answers.put(ALL, 1, bytes(5_000));
        assertThat(answers.get(ALL, 1)).isNull();
    }

    @Test
    void sizeZeroKeepsNothing() {
        var answers = answers(DataSize.ofBytes(0));
        answers.put(ALL, 1, bytes(10));
        assertThat(answers.get(ALL, 1)).isNull();
    }

    private static ListAnswers answers(DataSize size) {
        return new ListAnswers(new CatalogSnapshotProperties(10_000, size, 64));
    }

    private static byte[] bytes(int length) {
        return new byte[length];
    }

}
