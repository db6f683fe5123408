package com.example.shop.inventory.web;

import java.math.BigInteger;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.MapBindingResult;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.jspecify.annotations.Nullable;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtNotFoundException;
import com.example.shop.catalog.ShirtSize;
import com.example.shop.catalog.ShirtView;
import com.example.shop.inventory.Inventory;
import com.example.shop.inventory.StockLevel;
import com.example.shop.web.IfMatch;
import com.example.shop.web.InvalidRequestException;
import com.example.shop.web.Problems;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

/**
 * {@code /shirts/{id}/stock}: the admin's view of the stock room, size by size. The body of a PUT
 * is read as a tree rather than bound to a record, because its members are the sizes the shirt is
 * offered in, and every member that is missing, unknown or not a count is named in the answer.
 */
@RestController
@Tag(name = "Stock", description = "Units on hand per shirt and size, and what is available")
class StockController {

    static final int MAX_COUNT = 1_000_000;

    private final Catalog catalog;

    private final Inventory inventory;

    StockController(Catalog catalog, Inventory inventory) {
        this.catalog = catalog;
        this.inventory = inventory;
    }

    @GetMapping(path = "/shirts/{id}/stock", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a shirt's stock", security = @SecurityRequirement(name = "admin"),
            description = "Per offered size: `stock` (units on hand), `held` (units in carts) and `available`.")
    @ApiResponse(responseCode = "200", description = "The stock per size", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            examples = @ExampleObject("{\"S\":{\"stock\":10,\"held\":2,\"available\":8},\"M\":{\"stock\":0,\"held\":0,\"available\":0}}")))
    @ApiResponse(responseCode = "304", description = "Not modified", content = @Content)
    @ApiResponse(responseCode = "404", description = "No such shirt")
    ResponseEntity<Map<ShirtSize, StockLevel>> get(@PathVariable long id, WebRequest request) {
        ShirtView shirt = shirt(id);
        Map<ShirtSize, StockLevel> levels = inventory.stock(id, shirt.sizes());
        String etag = IfMatch.quoted(Inventory.tag(levels));
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(etag).body(levels);
    }

    @PutMapping(path = "/shirts/{id}/stock", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set a shirt's stock", security = @SecurityRequirement(name = "admin"), description = """
            The units on hand for every size the shirt is offered in, 0 to 1,000,000 each. Held units \
            stay held; a count below what carts hold is 409. With `If-Match` (the ETag of GET) the \
            write happens only if the stock is unchanged since; otherwise 412.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(type = "object", additionalPropertiesSchema = Integer.class), examples = @ExampleObject("{\"S\":10,\"M\":0,\"L\":4}")))
    @ApiResponse(responseCode = "200", description = "The stock as stored")
    @ApiResponse(responseCode = "400", description = "A size missing or not offered, or a count that is not an integer from 0 to 1,000,000: one entry per field in `errors`")
    @ApiResponse(responseCode = "404", description = "No such shirt")
    @ApiResponse(responseCode = "409", description = "A count is below what carts hold (`held`)")
    @ApiResponse(responseCode = "412", description = "If-Match is stale")
    ResponseEntity<Map<ShirtSize, StockLevel>> put(@PathVariable long id, @RequestBody JsonNode body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        ShirtView shirt = shirt(id);
        Map<ShirtSize, Integer> counts = counts(body, shirt.sizes());
        Map<ShirtSize, StockLevel> levels = inventory.setStock(id, shirt.sizes(), counts, IfMatch.tags(ifMatch));
        return ResponseEntity.ok().eTag(IfMatch.quoted(Inventory.tag(levels))).body(levels);
    }

    private ShirtView shirt(long id) {
        return catalog.find(id).orElseThrow(() -> new ShirtNotFoundException(id));
    }

    /** The counts of {@code body}, or a 400 that names every member at fault. */
    static Map<ShirtSize, Integer> counts(JsonNode body, Set<ShirtSize> offered) {
        if (!body.isObject()) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST,
                    "Invalid stock", "The stock is a JSON object with a count per size, for example {\"S\":10,\"M\":0}."), null);
        }
        Map<String, Object> seen = new HashMap<>();
        body.properties().forEach(member -> seen.put(member.getKey(), member.getValue().toString()));
        var errors = new MapBindingResult(seen, "stock");
        Map<ShirtSize, Integer> counts = new EnumMap<>(ShirtSize.class);
        for (var member : body.properties()) {
            String name = member.getKey();
            ShirtSize size = offered.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (size == null) {
                errors.rejectValue(name, "unknown", "is not a size this shirt is offered in " + offered);
                continue;
            }
            JsonNode value = member.getValue();
            if (!value.isIntegralNumber()) {
                errors.rejectValue(name, "integer", "must be a whole number of units");
                continue;
            }
            BigInteger count = value.bigIntegerValue();
            if (count.signum() < 0) {
                errors.rejectValue(name, "min", "must not be negative");
            }
            else if (count.compareTo(BigInteger.valueOf(MAX_COUNT)) > 0) {
                errors.rejectValue(name, "max", "must be at most " + MAX_COUNT);
            }
            else {
                counts.put(size, count.intValueExact());
            }
        }
        for (ShirtSize size : offered) {
            if (!body.has(size.name())) {
                seen.put(size.name(), null);
                errors.rejectValue(size.name(), "required", "is missing: give a count for every size the shirt is offered in");
            }
        }
        if (errors.hasErrors()) {
            throw new InvalidRequestException(errors);
        }
        return counts;
    }

}
