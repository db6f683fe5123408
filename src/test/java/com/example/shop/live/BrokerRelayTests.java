package com.example.shop.live;

import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;

import com.example.shop.ShopApplication;
import com.example.shop.ShopClient;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code shop.broker.relay.enabled=true} puts an external STOMP broker in place of the in-memory
 * one. No broker runs here, which shows the other half of the contract: while the broker is
 * unreachable the shop keeps taking writes, and clients are told the broker is not available.
 */
class BrokerRelayTests {

    @Test
    void withTheRelayEnabledAndNoBrokerTheShopStillTakesWrites() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // Command-line arguments: they win over application.properties (builder properties would not).
        try (ConfigurableApplicationContext shop = new SpringApplicationBuilder(ShopApplication.class).run(
                "--server.port=0", "--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:mem:relay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "--shop.admin.password=" + LiveShop.PASSWORD, "--shop.broker.relay.enabled=true",
                "--shop.broker.relay.host=127.0.0.1", "--shop.broker.relay.port=" + closedPort)) {
            StompBrokerRelayMessageHandler relay = shop.getBean("stompBrokerRelayMessageHandler",
                    StompBrokerRelayMessageHandler.class);
            assertThat(relay.getRelayPort()).isEqualTo(closedPort);
            assertThat(relay.getVirtualHost()).isEqualTo("/");
            assertThat(relay.isBrokerAvailable()).isFalse();
            assertThat(shop.getBeanProvider(SimpleBrokerMessageHandler.class).getIfAvailable()).isNull();
            assertThat(shop.getBean(SimpMessagingTemplate.class)).isNotNull();

            int port = Integer.parseInt(shop.getEnvironment().getRequiredProperty("local.server.port"));
            ShopClient http = new ShopClient(port, LiveShop.PASSWORD, shop.getBean(JsonMapper.class));
            long before = http.seq();
            http.create("Written while the broker is down", "10.00");
            assertThat(http.getJson("/shirts/events?after=" + before).get("events")).hasSize(1);

            // The relay answers CONNECT with an ERROR frame ("Broker not available."): no session.
            assertThatThrownBy(() -> StompTestClient.connect(port)).isInstanceOf(ExecutionException.class);
        }
    }

}
