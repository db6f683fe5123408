package com.example.shop.live.hub;

import org.jspecify.annotations.Nullable;

/**
 * A message of a state channel, as its owner publishes it ({@link LiveHub#publish}) or answers it
 * as a snapshot ({@link LiveChannel.State#snapshot}).
 *
 * @param type the message type: the SSE {@code event:}, and as a rule a field of the body
 * @param body written as JSON, once for all the subscribers of the key
 * @param seq a number the client may order messages by (the {@code seq} header, the SSE
 *        {@code id:}); {@code null} for none
 */
public record LiveMessage(String type, Object body, @Nullable Long seq) {
}
