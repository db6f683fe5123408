package com.example.shop.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How request bodies are read. JSON types are strict: a value of the wrong JSON type is a 400
 * naming its field, never silently converted. Jackson's defaults are lenient ({@code "name": 123}
 * becomes {@code "123"}, {@code "amount": "24.99"} a number, {@code "level": 1} the second constant
 * of an enum), and a client that sends such a body has a bug it should hear about. A JSON integer
 * stays good for a decimal: {@code "amount": 24} is a number, as JSON sees it.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJsonTypes() {
        return builder -> builder
            // A string where a number (or boolean) is expected.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // A number or boolean where a string is expected: ALLOW_COERCION_OF_SCALARS does not
            // cover strings, only their own coercion config does.
            .withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            // A number where an enum's name is expected, which Jackson reads as an index.
            .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .addModule(new SimpleModule("shop-json-trees").addDeserializer(JsonNode.class, new TreeDeserializer()));
    }

    /**
     * Reads a tree (a merge patch) as Jackson does, except for a number whose exponent no
     * {@code BigDecimal} can hold ({@code 1e2147483648}): bound to an object, Jackson reports it as
     * an error at its field; read into a tree, it lets a bare {@link NumberFormatException} out,
     * which Spring MVC does not know for a client's mistake, so it became a 500.
     */
    static final class TreeDeserializer extends ValueDeserializer<JsonNode> {

        private final ValueDeserializer<?> jackson = JsonNodeDeserializer.getDeserializer(JsonNode.class);

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) {
            try {
                return (JsonNode) jackson.deserialize(parser, context);
            }
            catch (NumberFormatException ex) {
                // With the parser, so that the problem can name the field it stopped at.
                throw new StreamReadException(parser, "Number out of range", ex);
            }
        }

        @Override
        public Object getNullValue(DeserializationContext context) {
            return jackson.getNullValue(context);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return jackson.getAbsentValue(context);
        }

    }

}
