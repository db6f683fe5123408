package com.example.shop.live;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;
import org.springframework.web.socket.messaging.SubProtocolWebSocketHandler;

import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.example.shop.ShopFixture.getJson;
import static org.assertj.core.api.Assertions.assertThat;

/** The limits of docs/live.md are the ones in force. */
@LiveShop
class ConnectionLimitsTests {

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    SubProtocolWebSocketHandler webSocketHandler;

    @Autowired
    JsonMapper json;

    @Autowired
    LiveProperties live;

    @Autowired
    ServletContext servletContext;

    @Test
    void tomcatKeepsConnectionsForTheApiBeyondAFullLiveChannel() {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        int max = ((AbstractProtocol<?>) connector.getProtocolHandler()).getMaxConnections();
        assertThat(max).isGreaterThan(8192).isGreaterThanOrEqualTo(live.maxConnections() + 500);
    }

    @Test
    void slowAndHostileClientsAreBounded() {
        assertThat(webSocketHandler).isInstanceOf(StompWebSocketHandler.class);
        assertThat(webSocketHandler.getSendTimeLimit()).isEqualTo(10_000);
        assertThat(webSocketHandler.getSendBufferSizeLimit()).isEqualTo(256 * 1024);
        assertThat(webSocketHandler.getTimeToFirstMessage()).isEqualTo(30_000);
        assertThat(webSocketHandler.getProtocolHandlers()).singleElement()
            .isInstanceOfSatisfying(StompSubProtocolHandler.class,
                    stomp -> assertThat(stomp.getMessageSizeLimit()).isEqualTo(8 * 1024));
    }

    @Test
    void everyWebSocketHoldsBuffersSizedForWhatClientsSend() {
        ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
        assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(1024);
        assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(1024);
        assertThat(System.getProperty("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE")).isEqualTo("1024");
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("2048");
        assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("4096");
    }

    @Test
    void heartBeatsAreExchangedEveryTenSecondsBothWays() throws Exception {
        try (var client = StompTestClient.connect(port)) {
            assertThat(client.connectedHeaders().getHeartbeat()).containsExactly(10_000, 10_000);
        }
    }

    @Test
    void theCatchUpFeedAndTheStreamAreInTheApiDocuments() {
        JsonNode paths = getJson(ShopFixture.client(port, json), "/v3/api-docs").get("paths");
        JsonNode events = paths.at("/~1shirts~1events/get");
        assertThat(events.get("parameters")).extracting(parameter -> parameter.get("name").asString())
            .containsExactly("after", "limit");
        assertThat(events.get("responses").propertyNames()).contains("200", "400", "410");
        assertThat(paths.at("/~1shirts~1stream/get/responses/200/content").propertyNames()).contains("text/event-stream");
    }

}
