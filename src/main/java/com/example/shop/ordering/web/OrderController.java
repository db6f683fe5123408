package com.example.shop.ordering.web;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

import com.example.shop.cart.Carts;
import com.example.shop.ordering.Order;
import com.example.shop.ordering.OrderNotFoundException;
import com.example.shop.ordering.OrderStatus;
import com.example.shop.ordering.Orders;
import com.example.shop.web.FieldError;
import com.example.shop.web.IfMatch;
import com.example.shop.web.Problems;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

/**
 * {@code /orders}. A shopper is their session: they see the orders placed from their cart, the
 * admin sees all. An order another shopper placed is answered 404, as one that does not exist, so
 * an id tells nothing to whoever guesses it.
 */
@RestController
@RequestMapping(path = "/orders", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Orders", description = "Checkout and orders. Paid on delivery or by invoice; the admin marks them PAID.")
class OrderController {

    static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Resource ORDER_PAGE = new ClassPathResource("static/order.html");

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Check out", description = """
            Turns the session's cart into an order in one transaction, at the catalog's prices of now, \
            and empties the cart. With an `Idempotency-Key` a retry is safe: the same key and buyer \
            answer the order placed the first time (with `Idempotent-Replayed: true`); the same key \
            with another buyer is 422.""")
    @ApiResponse(responseCode = "201", description = "Placed; Location names the order")
    @ApiResponse(responseCode = "400", description = "Invalid buyer fields: one entry per field in `errors`")
    @ApiResponse(responseCode = "403", description = "A browser request without the CSRF token")
    @ApiResponse(responseCode = "409", description = "The cart is empty, or lines lost their units (listed in `lines`)")
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with another buyer")
    ResponseEntity<OrderResponse> place(@Valid @RequestBody BuyerRequest body,
            @Parameter(description = "A unique key per intended order, up to 255 characters", example = "checkout-7f3a")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Size(min = 1, max = 255) @Nullable String idempotencyKey,
            HttpServletRequest request) {
        Orders.Placed placed = orders.place(cartId(request), body.toBuyer(), idempotencyKey);
        Order order = placed.order();
        URI location = URI.create("/orders/" + order.id());
        var response = ResponseEntity.created(location).eTag(etag(order));
        if (placed.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(OrderResponse.of(order));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get an order", description = """
            For the session that placed it and for the admin; 404 for anyone else. A browser asking \
            for HTML gets the order page. Answers 304 to an `If-None-Match` with the current ETag.""")
    @ApiResponse(responseCode = "200", description = "The order")
    @ApiResponse(responseCode = "304", description = "Not modified", content = @Content)
    @ApiResponse(responseCode = "404", description = "No such order, or not yours")
    ResponseEntity<OrderResponse> get(@PathVariable String id, HttpServletRequest request, WebRequest webRequest) {
        Order order = visible(id, request);
        String etag = etag(order);
        if (webRequest.checkNotModified(etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache().cachePrivate()).eTag(etag).body(OrderResponse.of(order));
    }

    /** The order page, for a browser that asks for HTML; it reads the order as JSON from the same address. */
    @GetMapping(path = "/{id}", produces = MediaType.TEXT_HTML_VALUE)
    @Operation(hidden = true)
    ResponseEntity<Resource> page(@PathVariable String id) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(ORDER_PAGE);
    }

    @GetMapping
    @Operation(summary = "List orders", description = "The session's own orders, newest first; for the admin, every order.")
    @ApiResponse(responseCode = "200", description = "A page of orders")
    @ApiResponse(responseCode = "400", description = "Invalid status or paging")
    ResponseEntity<OrderPage> list(
            @Parameter(description = "Only orders in this status") @RequestParam(required = false) @Nullable OrderStatus status,
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @Parameter(description = "Page size, 1 to 100") @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
            HttpServletRequest request) {
        boolean admin = request.isUserInRole("ADMIN");
        var found = orders.list(cartId(request), admin, status, PageRequest.of(page, size));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(OrderPage.of(found));
    }

    @PatchMapping(path = "/{id}", consumes = MERGE_PATCH_JSON)
    @Operation(summary = "Change an order's status", security = @SecurityRequirement(name = "admin"), description = """
            A JSON Merge Patch with `status`. Allowed: PLACED → PAID → SHIPPED, and PLACED or PAID → \
            CANCELLED, which puts the units back in stock. Honours `If-Match`.""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MERGE_PATCH_JSON,
            schema = @Schema(implementation = OrderPatch.class), examples = @ExampleObject("{\"status\":\"PAID\"}")))
    @ApiResponse(responseCode = "200", description = "The order as stored")
    @ApiResponse(responseCode = "400", description = "Not a patch of `status` to a known status")
    @ApiResponse(responseCode = "404", description = "No such order")
    @ApiResponse(responseCode = "409", description = "A move the order's life does not allow")
    @ApiResponse(responseCode = "412", description = "If-Match is stale")
    @ApiResponse(responseCode = "415", description = "Not application/merge-patch+json")
    ResponseEntity<OrderResponse> patch(@PathVariable String id, @RequestBody JsonNode patch,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
        OrderStatus target = target(patch);
        Order order = orders.changeStatus(id, IfMatch.tags(ifMatch), target);
        return ResponseEntity.ok().eTag(etag(order)).body(OrderResponse.of(order));
    }

    private Order visible(String id, HttpServletRequest request) {
        if (!request.isUserInRole("ADMIN") && !orders.placedBy(id, cartId(request))) {
            throw new OrderNotFoundException(id);
        }
        return orders.find(id).orElseThrow(() -> new OrderNotFoundException(id));
    }

    private static OrderStatus target(JsonNode patch) {
        if (!patch.isObject()) {
            throw invalid("", "A merge patch for an order is a JSON object, such as {\"status\":\"PAID\"}.");
        }
        for (var member : patch.properties()) {
            if (!member.getKey().equals("status")) {
                throw invalid(member.getKey(), "cannot be changed; only status can");
            }
        }
        JsonNode status = patch.get("status");
        if (status == null || !status.isString()) {
            throw invalid("status", "must be one of " + Arrays.toString(OrderStatus.values()));
        }
        return Arrays.stream(OrderStatus.values()).filter(s -> s.name().equals(status.asString())).findFirst()
            .orElseThrow(() -> invalid("status", "must be one of " + Arrays.toString(OrderStatus.values())));
    }

    private static ErrorResponseException invalid(String field, String detail) {
        var problem = Problems.of(HttpStatus.BAD_REQUEST, "Invalid order change", field.isEmpty() ? detail : field + " " + detail + ".");
        if (!field.isEmpty()) {
            problem.setProperty("errors", List.of(FieldError.ofParameter(field, detail)));
        }
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    static @Nullable String cartId(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(Carts.SESSION_ATTRIBUTE);
    }

    private static String etag(Order order) {
        return IfMatch.quoted(String.valueOf(order.version()));
    }

}
