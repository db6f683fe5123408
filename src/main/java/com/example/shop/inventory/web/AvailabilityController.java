package com.example.shop.inventory.web;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtNotFoundException;
import com.example.shop.catalog.ShirtSize;
import com.example.shop.catalog.ShirtView;
import com.example.shop.inventory.Availability;
import com.example.shop.inventory.AvailabilitySnapshot;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Public availability. Both answers carry the same ETag, the epoch and seq of the availability
 * they reflect: any change anywhere makes both stale, and nothing else does.
 */
@RestController
@Tag(name = "Stock")
class AvailabilityController {

    private final Catalog catalog;

    private final Availability availability;

    AvailabilityController(Catalog catalog, Availability availability) {
        this.catalog = catalog;
        this.availability = availability;
    }

    @GetMapping(path = "/availability", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Availability of every shirt", description = """
            Units available per shirt and size, with the `epoch` and `seq` live changes \
            (`/topic/availability`, `/availability/stream`) continue from. Answers 304 to an \
            `If-None-Match` with the current ETag.""")
    @ApiResponse(responseCode = "200", description = "Availability", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = @ExampleObject("{\"epoch\":81234,\"seq\":42,\"shirts\":{\"1\":{\"S\":7,\"M\":0}}}")))
    @ApiResponse(responseCode = "304", description = "Not modified", content = @Content)
    ResponseEntity<AvailabilitySnapshot> all(WebRequest request) {
        AvailabilitySnapshot snapshot = availability.snapshot();
        String etag = etag(snapshot);
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(etag).body(snapshot);
    }

    @GetMapping(path = "/shirts/{id}/availability", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Availability of a shirt", description = "Units available per offered size. Answers 304 to an `If-None-Match` with the current ETag.")
    @ApiResponse(responseCode = "200", description = "Units available per size", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = @ExampleObject("{\"S\":7,\"M\":0}")))
    @ApiResponse(responseCode = "304", description = "Not modified", content = @Content)
    @ApiResponse(responseCode = "404", description = "No such shirt")
    ResponseEntity<Map<ShirtSize, Integer>> one(@PathVariable long id, WebRequest request) {
        ShirtView shirt = catalog.find(id).orElseThrow(() -> new ShirtNotFoundException(id));
        AvailabilitySnapshot snapshot = availability.snapshot();
        String etag = etag(snapshot);
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        Map<ShirtSize, Integer> sizes = new EnumMap<>(ShirtSize.class);
        Map<ShirtSize, Integer> known = snapshot.shirts().getOrDefault(id, Map.of());
        shirt.sizes().forEach(size -> sizes.put(size, known.getOrDefault(size, 0)));
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(etag).body(sizes);
    }

    private static String etag(AvailabilitySnapshot snapshot) {
        return "\"availability-" + Long.toHexString(snapshot.epoch()) + "-" + snapshot.seq() + "\"";
    }

}
