package com.example.shop.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import com.example.shop.ShopTest;
import com.example.shop.live.hub.AccessRule;
import com.example.shop.live.hub.LiveChannel;
import com.example.shop.live.hub.LiveHub;
import com.example.shop.live.hub.LiveMessage;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel registered with an SSE path is streamed there, with no endpoint written for it, and
 * its access rule holds for the stream as for STOMP.
 */
@ShopTest
@Import(ChannelStreamsTests.Channels.class)
class ChannelStreamsTests {

    @LocalServerPort
    int port;

    @Autowired
    LiveHub hub;

    @Autowired
    JsonMapper json;

    @TestConfiguration(proxyBeanMethods = false)
    static class Channels {

        @Bean
        LiveChannel.State weatherChannel() {
            return new LiveChannel.State("/topic/weather", "/weather/stream", AccessRule.everyone(),
                    key -> new LiveMessage("weather.snapshot", Map.of("sky", "blue"), 1L));
        }

        @Bean
        LiveChannel.State secretChannel() {
            return new LiveChannel.State("/topic/secret", "/secret/stream", AccessRule.admin("Only the admin follows the secret."),
                    key -> new LiveMessage("secret", Map.of(), 1L));
        }

    }

    @Test
    void aRegisteredChannelIsStreamedAtItsPathSnapshotFirst() throws Exception {
        try (var stream = new EventStreamClient(port, "/weather/stream", null)) {
            EventStreamClient.Event snapshot = stream.next();
            assertThat(snapshot.type()).isEqualTo("weather.snapshot");
            assertThat(snapshot.id()).isEqualTo("1");
            assertThat(json.readTree(snapshot.data()).get("sky").asString()).isEqualTo("blue");
            hub.publish("/topic/weather", null, new LiveMessage("weather", Map.of("sky", "grey"), 2L));
            EventStreamClient.Event change = stream.next();
            assertThat(change.type()).isEqualTo("weather");
            assertThat(change.id()).isEqualTo("2");
        }
    }

    @Test
    void aStreamTheRuleRefusesIsAForbiddenProblem() throws Exception {
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/secret/stream")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(refused.body()).get("detail").asString()).isEqualTo("Only the admin follows the secret.");
    }

}
