/**
 * The hub: the live channels, who follows each, and how a follower resumes. A channel is data, a
 * {@link com.example.shop.live.hub.LiveChannel} bean: its STOMP destination, an optional
 * Server-Sent Events path, who may subscribe ({@link com.example.shop.live.hub.AccessRule}, asked
 * with the connection's {@link com.example.shop.live.hub.LivePrincipal}) and how it resumes: a
 * {@link com.example.shop.live.hub.LiveChannel.Log} from a cursor into an ordered log (replay,
 * then live, without gap or repeat; a reload when the cursor means nothing), a
 * {@link com.example.shop.live.hub.LiveChannel.State} from a snapshot of the current state, then
 * every change published with {@link com.example.shop.live.hub.LiveHub#publish}.
 * <p>
 * The hub writes each message as JSON once ({@link com.example.shop.live.hub.Prepared}) and hands
 * it to every {@link com.example.shop.live.hub.Subscriber}; transports frame it (STOMP, SSE) and
 * queue it on the connection's way out. Nothing here blocks or writes to a socket.
 */
@NullMarked
@NamedInterface("hub")
package com.example.shop.live.hub;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
