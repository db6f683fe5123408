package com.example.shop.catalog.web;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.example.shop.catalog.Catalog;
import com.example.shop.catalog.ShirtDetails;
import com.example.shop.catalog.ShirtNotFoundException;
import com.example.shop.catalog.ShirtSearch;
import com.example.shop.catalog.ShirtSize;
import com.example.shop.catalog.ShirtView;
import com.example.shop.web.ApiProperties;
import com.example.shop.web.InvalidRequestException;
import com.example.shop.web.PlainText;
import com.example.shop.web.Problems;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /shirts}: the catalog over HTTP. Reads are public; writes need the shop's admin (see
 * {@code security}). Every shirt and every list carries an ETag, and writes honour {@code If-Match}.
 */
@RestController
@RequestMapping(path = "/shirts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Shirts", description = "The shirt catalog")
class ShirtController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Every write may answer 409 (see CatalogProblems). */
    static final String CONCURRENT_WRITE = "Another write held the catalog too long; nothing was changed: retry";

    private final Catalog catalog;

    private final JsonMapper json;

    private final SpringValidatorAdapter validator;

    private final ListAnswers answers;

    private final int maxSortKeys;

    ShirtController(Catalog catalog, JsonMapper json, Validator validator, ListAnswers answers, ApiProperties api) {
        this.catalog = catalog;
        this.json = json;
        this.validator = new SpringValidatorAdapter(validator);
        this.answers = answers;
        this.maxSortKeys = api.maxSortKeys();
    }

    @GetMapping
    @Operation(summary = "List shirts", description = """
            One page of the catalog, filtered and sorted, with the catalog `seq` the page reflects. \
            Answers 304 to an `If-None-Match` with the current ETag.""")
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "`name`, `price` or `createdAt`, then `,asc` or `,desc`; repeatable up to `shop.api.max-sort-keys` times (3 by default). Default `createdAt,asc`.", example = "price,desc", array = @ArraySchema(schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "200", description = "A page of shirts", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ShirtPage.class)))
    @ApiResponse(responseCode = "304", description = "Not modified since the ETag in If-None-Match", content = @Content)
    @ApiResponse(responseCode = "400", description = "Invalid filter, paging or sort")
    ResponseEntity<byte[]> list(
            @Parameter(description = "Color, ignoring case", example = "white") @RequestParam(required = false) @Size(max = 30) @PlainText @Nullable String color,
            @Parameter(description = "Offered in every one of these sizes", example = "M") @RequestParam(required = false) @Nullable Set<ShirtSize> sizes,
            @Parameter(description = "Text in name or description, ignoring case", example = "cotton") @RequestParam(required = false) @Size(max = 100) @PlainText @Nullable String q,
            // Bounded like a price: a number the price column cannot hold (1e999999999) would fail in the database.
            @Parameter(description = "Lowest price, inclusive", example = "10") @RequestParam(required = false) @DecimalMin("0") @DecimalMax(ShirtRequest.MAX_PRICE) @Digits(integer = 8, fraction = 2) @Nullable BigDecimal minPrice,
            @Parameter(description = "Highest price, inclusive", example = "50") @RequestParam(required = false) @DecimalMin("0") @DecimalMax(ShirtRequest.MAX_PRICE) @Digits(integer = 8, fraction = 2) @Nullable BigDecimal maxPrice,
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @Parameter(description = "Page size, 1 to 100") @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            WebRequest request) {
        if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
            throw badRequest("minPrice " + minPrice + " is greater than maxPrice " + maxPrice + ".");
        }
        // Read raw: Spring would split "price,desc" into two values. Parsed before the ETag check, so
        // that a bad sort is a 400 whatever If-None-Match says, and carries no ETag of a list.
        String[] sortValues = request.getParameterValues("sort");
        Sort sort = SortParameter.parse(sortValues == null ? List.of("createdAt,asc") : List.of(sortValues), maxSortKeys);
        // The list's ETag is the catalog seq: any change anywhere makes every list stale, nothing else does.
        long seq = catalog.currentSeq();
        String currentEtag = listEtag(seq);
        if (request.checkNotModified(currentEtag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(currentEtag).build();
        }
        var query = new ListAnswers.Query(new ShirtSearch(color, offered(sizes), q, minPrice, maxPrice),
                PageRequest.of(page, size, sort));
        // Written once per query and seq: the catalog changes rarely, and most lists asked are the same few.
        byte[] body = answers.get(query, seq);
        if (body == null) {
            Catalog.Snapshot snapshot = catalog.search(query.search(), query.pageable());
            body = json.writeValueAsBytes(ShirtPage.of(snapshot, catalog.epoch()));
            answers.put(query, snapshot.seq(), body);
            seq = snapshot.seq();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(listEtag(seq))
            .contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a shirt", description = "Answers 304 to an `If-None-Match` with the current ETag.")
    @ApiResponse(responseCode = "200", description = "The shirt")
    @ApiResponse(responseCode = "304", description = "Not modified", content = @Content)
    @ApiResponse(responseCode = "404", description = "No such shirt")
    ResponseEntity<ShirtView> get(@PathVariable long id, WebRequest request) {
        ShirtView shirt = catalog.find(id).orElseThrow(() -> new ShirtNotFoundException(id));
        String etag = EntityTags.of(shirt.version());
        if (request.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).eTag(etag).body(shirt);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create a shirt", security = @SecurityRequirement(name = "admin"), description = """
            With an `Idempotency-Key` header a retry is safe: the same key and body answer the shirt \
            created the first time (with `Idempotent-Replayed: true`), or 404 if that shirt was deleted since; \
            the same key with another body is 422.""")
    @ApiResponse(responseCode = "201", description = "Created; Location names the new shirt")
    @ApiResponse(responseCode = "409", description = CONCURRENT_WRITE)
    @ApiResponse(responseCode = "400", description = "Invalid shirt: one entry per field in `errors`")
    @ApiResponse(responseCode = "404", description = "The shirt created earlier under this Idempotency-Key was deleted since")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another body")
    ResponseEntity<ShirtView> create(@Valid @RequestBody ShirtRequest body,
            @Parameter(description = "A unique key per intended shirt, up to 255 characters", example = "3f2b8c1e-new-basic")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Size(min = 1, max = 255) @Nullable String idempotencyKey) {
        Catalog.Created created = catalog.create(body.toDetails(), idempotencyKey);
        ShirtView shirt = created.shirt();
        // From the request's URI without its query string, which would otherwise end up after the id.
        URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().path("/{id}").buildAndExpand(shirt.id()).toUri();
        var response = ResponseEntity.created(location).eTag(EntityTags.of(shirt.version()));
        if (created.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(shirt);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace a shirt", security = @SecurityRequirement(name = "admin"), description = """
            Replaces every field. With `If-Match: "<version>"` the write happens only if nobody changed \
            the shirt since; otherwise 412.""")
    @ApiResponse(responseCode = "200", description = "The shirt as stored")
    @ApiResponse(responseCode = "409", description = CONCURRENT_WRITE)
    @ApiResponse(responseCode = "400", description = "Invalid shirt")
    @ApiResponse(responseCode = "404", description = "No such shirt")
    @ApiResponse(responseCode = "412", description = "If-Match is stale")
    ResponseEntity<ShirtView> replace(@PathVariable long id, @Valid @RequestBody ShirtRequest body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        ShirtView shirt = catalog.update(id, EntityTags.expectedVersion(ifMatch), current -> body.toDetails());
        return ResponseEntity.ok().eTag(EntityTags.of(shirt.version())).body(shirt);
    }

    @PatchMapping(path = "/{id}", consumes = MERGE_PATCH_JSON)
    @Operation(summary = "Change some fields of a shirt", security = @SecurityRequirement(name = "admin"), description = """
            A JSON Merge Patch (RFC 7396, `application/merge-patch+json`): the fields given replace the \
            current ones, `null` clears the description. Honours `If-Match` like PUT.""")
    @ApiResponse(responseCode = "200", description = "The shirt as stored")
    @ApiResponse(responseCode = "409", description = CONCURRENT_WRITE)
    @ApiResponse(responseCode = "400", description = "Invalid result")
    @ApiResponse(responseCode = "404", description = "No such shirt")
    @ApiResponse(responseCode = "412", description = "If-Match is stale")
    @ApiResponse(responseCode = "415", description = "Not application/merge-patch+json")
    ResponseEntity<ShirtView> patch(@PathVariable long id,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MERGE_PATCH_JSON, schema = @Schema(implementation = ShirtRequest.class)))
            @RequestBody JsonNode patch,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        if (!patch.isObject()) {
            throw badRequest("A merge patch for a shirt is a JSON object.");
        }
        ShirtView shirt = catalog.update(id, EntityTags.expectedVersion(ifMatch), current -> merge(current, patch));
        return ResponseEntity.ok().eTag(EntityTags.of(shirt.version())).body(shirt);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a shirt", security = @SecurityRequirement(name = "admin"))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = CONCURRENT_WRITE)
    @ApiResponse(responseCode = "404", description = "No such shirt")
    @ApiResponse(responseCode = "412", description = "If-Match is stale")
    ResponseEntity<Void> delete(@PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        catalog.delete(id, EntityTags.expectedVersion(ifMatch));
        return ResponseEntity.noContent().build();
    }

    private ShirtDetails merge(ShirtView current, JsonNode patch) {
        JsonNode merged = MergePatch.apply(json.valueToTree(ShirtRequest.of(current)), patch);
        ShirtRequest request;
        try {
            request = json.treeToValue(merged, ShirtRequest.class);
        }
        catch (JacksonException ex) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST,
                    Problems.unreadable(ex), ex);
        }
        var errors = new BeanPropertyBindingResult(request, "shirt");
        validator.validate(request, errors);
        if (errors.hasErrors()) {
            throw new InvalidRequestException(errors);
        }
        return request.toDetails();
    }

    /**
     * The sizes asked for, without the empty values of {@code sizes=M&sizes=} or {@code sizes=M,}:
     * Spring converts those to null, which no shirt is offered in, so the list came back empty.
     * An empty value asks for no size, as {@code sizes=} alone does.
     */
    private static Set<ShirtSize> offered(@Nullable Set<ShirtSize> sizes) {
        if (sizes == null) {
            return Set.of();
        }
        return sizes.stream().filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }

    private static String listEtag(long seq) {
        return "\"catalog-" + seq + "\"";
    }

    private static ErrorResponseException badRequest(String detail) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST,
                Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", detail), null);
    }

}
