package com.example.shop.live;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.shop.Externals;
import com.example.shop.ShopApplication;
import com.example.shop.ShopClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two shops, one database, one real STOMP broker (RabbitMQ with its STOMP plugin): what an operator
 * runs when one machine is not enough. A subscriber connected to one shop hears of a change made
 * through the other, with the same message as on the embedded broker, and a client still cannot
 * publish. Runs when {@code SHOP_TEST_STOMP_RELAY_PORT} names the broker's STOMP port on this
 * machine ({@code .ci/run} starts one).
 */
@ExtendWith(RabbitRelayTests.BrokerRequired.class)
class RabbitRelayTests {

    static final String PORT = "SHOP_TEST_STOMP_RELAY_PORT";

    @Test
    void aChangeMadeThroughOneShopReachesSubscribersOfAnother() throws Exception {
        // Both shops in this JVM share one in-memory database by its name, as two machines share PostgreSQL.
        String database = "jdbc:h2:mem:relay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        try (ConfigurableApplicationContext first = start(database);
                ConfigurableApplicationContext second = start(database);
                StompTestClient stomp = StompTestClient.connect(port(first))) {
            // RabbitMQ confirms the subscription itself.
            var shirts = stomp.subscribeConfirmed(StompSecurityConfiguration.SHIRTS);
            ShopClient writer = new ShopClient(port(second), LiveShop.PASSWORD, second.getBean(JsonMapper.class));
            long before = writer.seq();

            JsonNode created = writer.create("Relayed", "31.00");

            StompTestClient.Frame frame = shirts.next();
            assertThat(frame.seqHeader()).isEqualTo(before + 1);
            assertThat(frame.headers().getContentType()).hasToString("application/json");
            JsonNode message = first.getBean(JsonMapper.class).readTree(frame.text());
            assertThat(message.get("type").asString()).isEqualTo("shirt.created");
            assertThat(message.get("seq").asLong()).isEqualTo(before + 1);
            assertThat(message.get("shirt")).isEqualTo(created);
            // The replay from either shop is the same message.
            ShopClient reader = new ShopClient(port(first), LiveShop.PASSWORD, first.getBean(JsonMapper.class));
            assertThat(reader.getJson("/shirts/events?after=" + before).get("events").get(0)).isEqualTo(message);

            // Publishing is refused before the frame reaches the broker.
            try (StompTestClient intruder = StompTestClient.connect(port(first))) {
                intruder.send(StompSecurityConfiguration.SHIRTS, "{\"type\":\"shirt.deleted\",\"seq\":999}", null);
                assertThat(intruder.nextError().headers().getFirst("message")).startsWith("Forbidden");
            }
            writer.delete(created.get("id").asLong());
            StompTestClient.Frame next = shirts.next();
            assertThat(next.seqHeader()).as("the forged message never arrived").isEqualTo(before + 2);
        }
    }

    private static ConfigurableApplicationContext start(String database) {
        // Command-line arguments: they win over application.properties.
        return new SpringApplicationBuilder(ShopApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off", "--spring.datasource.url=" + database,
                "--shop.admin.password=" + LiveShop.PASSWORD, "--shop.broker.relay.enabled=true",
                "--shop.broker.relay.host=127.0.0.1", "--shop.broker.relay.port=" + System.getenv(PORT),
                "--shop.broker.relay.login=" + Externals.env("SHOP_TEST_STOMP_RELAY_LOGIN", "guest"),
                "--shop.broker.relay.passcode=" + Externals.env("SHOP_TEST_STOMP_RELAY_PASSCODE", "guest"));
    }

    private static int port(ConfigurableApplicationContext shop) {
        return Integer.parseInt(shop.getEnvironment().getRequiredProperty("local.server.port"));
    }

    static final class BrokerRequired implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return Externals.condition(Externals.isSet(PORT), "The broker relay test needs a STOMP broker on this machine "
                    + "and the environment variable " + PORT + " with its port (RabbitMQ with rabbitmq_stomp: 61613)");
        }

    }

}
