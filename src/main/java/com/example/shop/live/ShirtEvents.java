package com.example.shop.live;

import java.util.List;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtChanged;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of {@code GET /shirts/events}: changes after the client's seq, oldest first, and the
 * catalog's latest seq and the change log's epoch. While the last event's seq is below {@code seq}, there are more to fetch.
 */
@Schema(name = "ShirtEvents")
record ShirtEvents(
        @ArraySchema(schema = @Schema(implementation = ShirtChanged.class), arraySchema = @Schema(description = "Changes after `after`, oldest first; the same messages as on /topic/shirts")) List<ShirtChanged> events,
        @Schema(description = "The catalog's latest seq; fetch again with the last event's seq while it is smaller", example = "42") long seq,
        @Schema(description = "The epoch of the change log the seqs belong to", example = "0412750093318826") String epoch) {

    static ShirtEvents of(Catalog.Changes changes, String epoch) {
        return new ShirtEvents(changes.events(), changes.seq(), epoch);
    }

}
