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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.example.shop.catalog.Catalog;
import com.example.shop.live.hub.LiveChannel;
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
 * The HTTP side of the live catalog: {@code /shirts/events}, from which a live client catches up
 * on what it missed, and {@code /shirts/stream}, the Server-Sent Events mirror of
 * {@code /topic/shirts}. Both are public, like every read of the catalog.
 */
@RestController
@Tag(name = "Live changes", description = "Catch up on catalog changes, or follow them as Server-Sent Events")
class LiveController {

    static final String LAST_EVENT_ID = LastEventId.HEADER;

    private final Catalog catalog;

    private final SseStreams streams;

    private final LiveChannel shirts;

    private final LivePrincipals principals;

    LiveController(Catalog catalog, SseStreams streams, LiveChannel.Log shirtsChannel, LivePrincipals principals) {
        this.catalog = catalog;
        this.streams = streams;
        this.shirts = shirtsChannel;
        this.principals = principals;
    }

    @GetMapping(path = "/shirts/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Changes after a seq", description = """
            The committed changes with a seq greater than `after`, oldest first: the same messages as \
            on the STOMP topic `/topic/shirts` and the stream `/shirts/stream`. A live client calls \
            this when it sees a gap in `seq` or after reconnecting, with the last seq it applied. \
            One answer holds at most `shop.catalog.events-page-size` changes; while the last \
            event's seq is below the answer's `seq`, ask again with that event's seq. When the \
            changes after `after` are no longer kept (or `after` is ahead of the catalog) the \
            answer is 410: reload the catalog with `GET /shirts` and follow its `seq`.""")
    @ApiResponse(responseCode = "200", description = "The changes after `after`")
    @ApiResponse(responseCode = "400", description = "`after` missing, not a number or negative; `limit` below 1", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "410", description = "The changes after `after` are no longer kept: reload", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<ShirtEvents> events(
            @Parameter(description = "The last seq the client applied", required = true, example = "41") @RequestParam @Min(0) long after,
            @Parameter(description = "The most changes to answer; at most (and by default) `shop.catalog.events-page-size`", example = "100") @RequestParam(required = false) @Min(1) @Nullable Integer limit) {
        Catalog.Changes changes = catalog.changesAfter(after, limit);
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(ShirtEvents.of(changes, catalog.epoch()));
    }

    @GetMapping(path = "/shirts/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow changes as Server-Sent Events", description = """
            Every committed change as an event: `id:` is `<epoch>:<seq>`, `event:` its type \
            (`shirt.created`, `shirt.updated`, `shirt.deleted`), `data:` the same JSON as on \
            `/topic/shirts`. Starts after the latest change, after `Last-Event-ID` (sent by \
            EventSource when it reconnects), or after the `after` parameter; a resumed stream \
            replays what was missed from the change log, then goes on live, without gap or \
            duplicate. When the missed changes are no longer kept (or more than \
            `shop.sse.max-replay`), or `Last-Event-ID` is of another epoch, the stream sends a \
            `reload` event whose `id:` is the epoch and the latest seq: \
            reload the catalog with `GET /shirts` and apply only later changes. Idle streams get a \
            comment line every `shop.sse.heartbeat`. Try `curl -N http://localhost:8080/shirts/stream`.""")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "400", description = "`Last-Event-ID` or `after` not a seq", content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<SseEmitter> stream(HttpServletRequest request,
            @Parameter(description = "The id of the last event received (`<epoch>:<seq>`, or a bare seq); sent by EventSource when it reconnects", example = "0412750093318826:41") @RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventId,
            @Parameter(description = "Start after this seq (the `seq` of a `GET /shirts`), for clients that cannot send Last-Event-ID", example = "41") @RequestParam(required = false) @Min(0) @Nullable Long after) {
        LastEventId last = LastEventId.parse(lastEventId);
        Long from = last != null ? Long.valueOf(last.seq()) : after;
        String epoch = last != null ? last.epoch() : null;
        return ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            // Tells nginx not to buffer the stream.
            .header("X-Accel-Buffering", "no")
            .body(streams.open(shirts, principals.of(request), from, epoch, "shirt changes"));
    }

    /**
     * A HEAD of the stream is answered at once, with the stream's headers and no stream: Spring
     * would otherwise run the GET, open a stream nobody reads and hold it for {@code shop.sse.timeout}.
     */
    @RequestMapping(path = "/shirts/stream", method = RequestMethod.HEAD)
    @Operation(summary = "The stream's headers, without a stream", description = """
            Answered at once with the headers of `GET /shirts/stream` and no body; no stream is \
            opened, and no live connection is held after the answer.""")
    @ApiResponse(responseCode = "200", description = "The stream's headers", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
    ResponseEntity<Void> streamHead() {
        return ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            .contentType(MediaType.TEXT_EVENT_STREAM)
            .build();
    }

}
