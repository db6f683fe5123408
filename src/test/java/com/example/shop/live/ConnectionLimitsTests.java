package com.example.shop.live;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's connection limit and the live channel's agree: a full live channel leaves
 * connections for the REST API, the admin page and health checks. What a client meets at the
 * limits themselves is tried in {@link HostileClientsTests} and {@link StompSecurityTests}.
 */
@LiveShop
class ConnectionLimitsTests {

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    LiveProperties live;

    @Test
    void tomcatKeepsConnectionsForTheApiBeyondAFullLiveChannel() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        int max = ((AbstractProtocol<?>) connector.getProtocolHandler()).getMaxConnections();
        assertThat(max).isGreaterThan(8192).isGreaterThanOrEqualTo(live.maxConnections() + 500);
    }

}
