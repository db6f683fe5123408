package com.example.shop.catalog.web;

import java.util.List;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtView;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of {@code GET /shirts}: the seed articles' {@code "shirts": [...]}, the page, and the
 * {@code seq} of the snapshot, from which a live client applies changes, and the change log's
 * {@code epoch} that seq belongs to.
 */
@Schema(name = "ShirtPage")
record ShirtPage(List<ShirtView> shirts, PageMetadata page,
        @Schema(description = "The catalog sequence number this page reflects; apply live changes with a larger seq") long seq,
        @Schema(description = "The epoch of the change log the seq belongs to; resume live changes with it beside the seq", example = "0412750093318826") String epoch) {

    // Not Spring Data's PagedModel: it names the list "content", and its PageMetadata writes size
    // before number, where clients of this API have always read {"number", "size", ...}.
    record PageMetadata(int number, int size, long totalElements, int totalPages) {
    }

    static ShirtPage of(Catalog.Snapshot snapshot, String epoch) {
        var page = snapshot.page();
        return new ShirtPage(page.getContent(),
                new PageMetadata(page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages()),
                snapshot.seq(), epoch);
    }

}
