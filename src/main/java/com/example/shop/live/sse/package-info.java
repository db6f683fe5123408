/**
 * Server-Sent Events mirrors of the live channels that name an SSE path: each stream is a
 * subscriber of the hub, written through the same {@link com.example.shop.live.outbound.Connection}
 * as a WebSocket, with events framed as text once per message and shared by every stream.
 */
@NullMarked
package com.example.shop.live.sse;

import org.jspecify.annotations.NullMarked;
