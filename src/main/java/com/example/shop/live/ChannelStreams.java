package com.example.shop.live;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LivePrincipals;
import com.example.shop.live.sse.SseStreams;
import com.example.shop.web.Problems;

/**
 * Serves the SSE path of every channel that names one and has no endpoint of its own (as
 * {@code /shirts/stream} and {@code /availability/stream} have, with their API documentation):
 * registering a channel with an SSE path is enough to stream it. A log channel's stream resumes
 * from {@code Last-Event-ID}; a refusal of the channel's access rule is a 403 problem.
 */
@Component
class ChannelStreams implements SmartInitializingSingleton {

    private static final Method STREAM = ReflectionUtils.findMethod(ChannelStreams.class, "stream", HttpServletRequest.class);

    private final LiveHub hub;

    private final SseStreams streams;

    private final LivePrincipals principals;

    private final RequestMappingHandlerMapping mapping;

    ChannelStreams(LiveHub hub, SseStreams streams, LivePrincipals principals,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping) {
        this.hub = hub;
        this.streams = streams;
        this.principals = principals;
        this.mapping = mapping;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Set<String> mapped = mapping.getHandlerMethods().keySet().stream()
            .flatMap(info -> info.getPatternValues().stream())
            .collect(Collectors.toCollection(java.util.HashSet::new));
        for (LiveChannel channel : hub.channels()) {
            String path = channel.ssePath();
            // add: several channels may stream at one path; it is mapped once.
            if (path != null && mapped.add(path)) {
                mapping.registerMapping(RequestMappingInfo.paths(path)
                    .methods(RequestMethod.GET)
                    .produces(MediaType.TEXT_EVENT_STREAM_VALUE)
                    .build(), this, STREAM);
            }
        }
    }

    /** The stream of the channel at the request's path. */
    ResponseEntity<SseEmitter> stream(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        // Of the channels at the path, the one that grants this session a stream.
        var principal = principals.of(request);
        LiveChannel channel = hub.channelAtSsePath(path, principal);
        if (channel == null) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND);
        }
        LastEventId last = LastEventId.parse(request.getHeader(LastEventId.HEADER));
        try {
            return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .header("X-Accel-Buffering", "no")
                .body(streams.open(channel, principal, last == null ? null : last.seq(), epochOf(last)));
        }
        catch (LiveHub.RefusedException ex) {
            throw new ErrorResponseException(HttpStatus.FORBIDDEN,
                    Problems.of(HttpStatus.FORBIDDEN, "Not your stream", ex.getMessage()), null);
        }
    }

    private static @Nullable String epochOf(@Nullable LastEventId last) {
        return last == null ? null : last.epoch();
    }

}
