package com.example.shop.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An external STOMP broker (RabbitMQ's STOMP plugin, ActiveMQ), under {@code shop.broker.relay}.
 * Off by default: the shop then runs Spring's simple broker in memory.
 *
 * @param enabled relay to the external broker instead of the in-memory one
 * @param host the broker's STOMP host
 * @param port the broker's STOMP port (61613 for RabbitMQ)
 * @param login the user the shop and its clients' connections log in to the broker as
 * @param passcode that user's password
 * @param virtualHost the virtual host sent in the STOMP {@code host} header; RabbitMQ needs {@code /}
 */
@ConfigurationProperties("shop.broker.relay")
record BrokerRelayProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("localhost") String host,
        @DefaultValue("61613") int port,
        @DefaultValue("guest") String login,
        @DefaultValue("guest") String passcode,
        @DefaultValue("/") String virtualHost) {
}
