/**
 * STOMP 1.2 over WebSocket at {@code /ws}, owned outright: a plain {@code WebSocketHandler}
 * ({@link com.example.shop.live.stomp.StompEndpoint}) that reads frames with Spring's
 * {@code BufferingStompDecoder}, answers CONNECT (heart-beats negotiated), SUBSCRIBE (with
 * {@code after} and {@code epoch}), UNSUBSCRIBE, DISCONNECT and {@code receipt}s, refuses everything
 * else with an ERROR frame and then closes, as STOMP wants. Which destinations exist and who may
 * follow them is the hub's to say; here only the frames and the per-connection limits.
 * No broker, no message channels: a change reaches a subscriber as one MESSAGE frame per
 * subscription id, shared by every subscriber with that id, queued on its connection.
 */
@NullMarked
package com.example.shop.live.stomp;

import org.jspecify.annotations.NullMarked;
