package com.example.shop.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipal;
import com.example.shop.live.hub.LivePrincipals;
import com.example.shop.live.sse.SseStreams;
import com.example.shop.web.Problems;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The Server-Sent Events mirrors of the channels that belong to a session: {@code /orders/stream}
 * (the admin's every order, a shopper's own orders: whichever channel registered there grants the
 * session a stream) and {@code /cart/stream}. The channels are found by their SSE path in the hub,
 * so this knows nothing of orders or carts. A session the channel refuses gets 403 problem JSON.
 * Endpoints of their own rather than {@link ChannelStreams}'s: they are documented in the API, and
 * {@code /orders/stream} takes {@code after} for clients that cannot send {@code Last-Event-ID}.
 */
@RestController
@Tag(name = "Orders")
class OwnStreams {

    static final String ORDERS = "/orders/stream";

    static final String CART = "/cart/stream";

    private final SseStreams streams;

    private final LiveHub hub;

    private final LivePrincipals principals;

    OwnStreams(SseStreams streams, LiveHub hub, LivePrincipals principals) {
        this.streams = streams;
        this.hub = hub;
        this.principals = principals;
    }

    @GetMapping(path = ORDERS, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow orders as Server-Sent Events", description = """
            For the admin, every order placed and every status change (as `/topic/orders`); for a \
            shopper, their own (as `/user/queue/orders`, numbered by their own seq). `event:` is the \
            type (`order.placed`, `order.status`), `id:` `<epoch>:<seq>`, `data:` the same JSON as on \
            STOMP. Resumes after `Last-Event-ID` (sent by EventSource) or `after`.""")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "`Last-Event-ID` or `after` not a seq", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "A session with no cart and not the admin's", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<SseEmitter> orders(HttpServletRequest request,
            @Parameter(description = "The id of the last event received (`<epoch>:<seq>`)") @RequestHeader(name = LastEventId.HEADER, required = false) @Nullable String lastEventId,
            @Parameter(description = "Start after this seq") @RequestParam(required = false) @Min(0) @Nullable Long after) {
        LastEventId last = LastEventId.parse(lastEventId);
        return open(ORDERS, request, last == null ? after : Long.valueOf(last.seq()), last == null ? null : last.epoch());
    }

    @GetMapping(path = CART, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow the cart as Server-Sent Events", description = """
            The session's cart now (`event: cart`), then the cart after every change, made in any tab \
            and through any shop: the same JSON as `/user/queue/cart`.""")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "A session with no cart", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<SseEmitter> cart(HttpServletRequest request) {
        return open(CART, request, null, null);
    }

    private ResponseEntity<SseEmitter> open(String path, HttpServletRequest request, @Nullable Long after, @Nullable String epoch) {
        LivePrincipal principal = principals.of(request);
        LiveChannel channel = hub.channelAtSsePath(path, principal);
        if (channel == null) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "No such stream",
                    "Nothing streams at " + path + "."), null);
        }
        try {
            return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("X-Accel-Buffering", "no")
                .body(streams.open(channel, principal, after, epoch));
        }
        catch (LiveHub.RefusedException ex) {
            throw new ErrorResponseException(HttpStatus.FORBIDDEN, Problems.of(HttpStatus.FORBIDDEN, "Forbidden",
                    ex.getMessage()), null);
        }
    }

}
