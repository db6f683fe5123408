package com.example.shop.live;

import com.example.shop.live.stomp.StompEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.ShopFixture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static com.example.shop.ShopFixture.create;
import static com.example.shop.ShopFixture.delete;
import static com.example.shop.ShopFixture.getJson;
import static com.example.shop.ShopFixture.seq;
import static com.example.shop.ShopFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;

/**
 * The AsyncAPI document the shop serves is the contract of {@code /topic/shirts}: messages really
 * received over STOMP validate against its schemas, and its schemas are strict enough to reject
 * what the shop never sends.
 */
@LiveShop
class AsyncApiContractTests {

    private static final String DOCUMENT = "https://shop.example/asyncapi.yaml";

    private static final Map<String, String> MESSAGES = Map.of("shirt.created", "ShirtCreated", "shirt.updated",
            "ShirtUpdated", "shirt.deleted", "ShirtDeleted");

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    StompEndpoint topic;

    RestTestClient http;

    RestTestClient admin;

    SchemaRegistry schemas;

    @BeforeEach
    void loadTheServedDocument() throws IOException {
        http = ShopFixture.client(port, json);
        admin = ShopFixture.asAdmin(http, LiveShop.PASSWORD);
        ResponseSpec response = http.get().uri("/asyncapi.yaml").exchange();
        response.expectStatus().isOk();
        String served = text(response);
        assertThat(served).isEqualTo(new ClassPathResource("static/asyncapi.yaml").getContentAsString(StandardCharsets.UTF_8));
        // Validate against the document as served, not a copy of it.
        schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(Map.of(DOCUMENT, served)));
    }

    @Test
    void describesTheStompApi() {
        JsonNode document = new YAMLMapper().readTree(text(http.get().uri("/asyncapi.yaml").exchange()));
        assertThat(document.get("asyncapi").asString()).isEqualTo("3.0.0");
        assertThat(document.at("/servers/local/pathname").asString()).isEqualTo("/ws");
        assertThat(document.at("/channels/shirts/address").asString()).isEqualTo("/topic/shirts");
        assertThat(document.at("/operations/receiveShirtChanges/action").asString()).isEqualTo("receive");
        assertThat(document.at("/info/description").asString()).contains("/shirts/events?after=", "410");
        MESSAGES.forEach((type, message) -> assertThat(document.at("/components/messages/" + message + "/name").asString())
            .isEqualTo(type));
    }

    @Test
    void receivedMessagesValidateAgainstTheDocument() throws Exception {
        try (var stomp = StompTestClient.connect(port)) {
            var shirts = stomp.subscribe("/topic/shirts").awaitRegistered(topic);
            long start = seq(http);
            long id = create(admin, "Contract", "42.00").get("id").asLong();
            admin.patch().uri("/shirts/" + id)
                .header(CONTENT_TYPE, "application/merge-patch+json").body("{\"description\": \"Checked against its schema\"}")
                .exchange()
                .expectStatus().isOk();
            delete(admin, id);

            for (int i = 0; i < 3; i++) {
                StompTestClient.Frame frame = shirts.next();
                JsonNode payload = json.readTree(frame.body());
                String message = MESSAGES.get(payload.get("type").asString());
                assertThat(validate("/components/messages/" + message + "/payload", payload)).isEmpty();
                assertThat(validate("/components/messages/" + message + "/headers", headers(frame))).isEmpty();
            }
            // The catch-up feed carries the same messages.
            for (JsonNode event : getJson(http, "/shirts/events?after=" + start).get("events")) {
                assertThat(validate("/components/schemas/ShirtChanged", event)).isEmpty();
            }
        }
    }

    @Test
    void theSchemasRejectWhatTheShopNeverSends() {
        JsonNode valid = json.readTree("""
                {"type":"shirt.created","seq":7,"occurredAt":"2026-11-26T10:56:16.462146Z","shirt":{"id":9,
                "name":"Neo","color":"green","sizes":["M"],"price":21.50,"currency":"EUR","description":null,
                "createdAt":"2026-11-26T10:56:16.462146Z","updatedAt":"2026-11-26T10:56:16.462146Z","version":0}}""");
        String created = "/components/messages/ShirtCreated/payload";
        assertThat(validate(created, valid)).isEmpty();
        assertThat(validate("/components/messages/ShirtDeleted/payload", valid)).isNotEmpty();
        assertThat(validate(created, without(valid, "seq"))).isNotEmpty();
        assertThat(validate(created, with(valid, "/shirt", "price", "21.50"))).isNotEmpty();
        assertThat(validate(created, with(valid, "/shirt", "sizes", List.of("XXXL")))).isNotEmpty();
        assertThat(validate(created, with(valid, "", "extra", true))).isNotEmpty();
        assertThat(validate(created, with(valid, "", "occurredAt", "yesterday"))).isNotEmpty();
        assertThat(validate("/components/messages/ShirtCreated/headers",
                json.valueToTree(Map.of("content-type", "application/json")))).isNotEmpty();
    }

    private List<Error> validate(String pointer, JsonNode instance) {
        Schema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT + "#" + pointer));
        return schema.validate(instance);
    }

    private JsonNode headers(StompTestClient.Frame frame) {
        Map<String, String> headers = new LinkedHashMap<>();
        frame.headers().toSingleValueMap().forEach(headers::put);
        return json.valueToTree(headers);
    }

    private JsonNode without(JsonNode node, String field) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove(field);
        return copy;
    }

    private JsonNode with(JsonNode node, String path, String field, Object value) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        ((ObjectNode) copy.at(path)).set(field, json.valueToTree(value));
        return copy;
    }

}
