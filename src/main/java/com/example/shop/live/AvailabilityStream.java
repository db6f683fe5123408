package com.example.shop.live;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LivePrincipals;
import com.example.shop.live.sse.SseStreams;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code /availability/stream}: the Server-Sent Events mirror of {@code /topic/availability}, one
 * event per message ({@code event:} its type, {@code id:} its seq). A reconnecting client gets a
 * new snapshot, which is as small as a catch-up would be.
 */
@RestController
@Tag(name = "Stock")
class AvailabilityStream {

    private final SseStreams streams;

    private final LiveChannel availability;

    private final LivePrincipals principals;

    AvailabilityStream(SseStreams streams, LiveChannel.State availabilityChannel, LivePrincipals principals) {
        this.streams = streams;
        this.availability = availabilityChannel;
        this.principals = principals;
    }

    @GetMapping(path = "/availability/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Availability, live (Server-Sent Events)", description = """
            First an `availability.snapshot` event with every shirt, then `availability` events with \
            only the sizes that changed, at most one per `shop.live.availability-interval`.""")
    @ApiResponse(responseCode = "200", description = "The stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
    ResponseEntity<SseEmitter> open(HttpServletRequest request) {
        return ResponseEntity.ok()
            .cacheControl(CacheControl.noStore())
            .header("X-Accel-Buffering", "no")
            .body(streams.open(availability, principals.of(request), null, null));
    }

}
