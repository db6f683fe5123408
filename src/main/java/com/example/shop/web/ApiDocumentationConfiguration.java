package com.example.shop.web;

import java.util.List;
import java.util.Map;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The errors every operation shares, added to the API document once instead of on every handler:
 * 400 for bad parameters or bodies, 401, 403 and 429 for writes, 406 for an Accept without JSON, 413
 * and 415 for bodies. Every error response, these and those a handler declares itself with
 * {@code @ApiResponse}, is documented as problem JSON, so handlers give only a code and a
 * description. Also describes the problem JSON as it really is on the wire: RFC 9457 members plus
 * {@code errors}, one entry per invalid field.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentationConfiguration {

    static final String PROBLEM = "ProblemDetail";

    @Bean
    OpenApiCustomizer commonProblemResponses() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            ModelConverters.getInstance().read(FieldError.class).forEach(components::addSchemas);
            components.addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(ApiDocumentationConfiguration::addProblems));
        };
    }

    private static void addProblems(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasParameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (hasBody || hasParameters) {
            add(operation, "400", "Invalid request: malformed JSON, a wrong type, or invalid fields or parameters, one entry each in `errors`");
        }
        if (secured) {
            add(operation, "401", "No or wrong admin credentials (HTTP Basic)");
            add(operation, "403", "A browser request without the CSRF token (header X-XSRF-TOKEN with the XSRF-TOKEN cookie)");
            add(operation, "429", "Too many failed logins from this client address; Retry-After says when to try again");
        }
        add(operation, "406", "The Accept header does not allow application/json");
        if (hasBody) {
            add(operation, "413", "The body is over the size limit");
            add(operation, "415", "The body is not of the media type this operation reads");
        }
        operation.getResponses().forEach((status, response) -> {
            if (status.length() == 3 && (status.startsWith("4") || status.startsWith("5"))) {
                response.setContent(problemContent());
            }
        });
    }

    private static void add(Operation operation, String status, String description) {
        operation.getResponses().computeIfAbsent(status, code -> new ApiResponse().description(description));
    }

    private static Content problemContent() {
        return new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    private static Schema<?> problemSchema() {
        Schema<?> schema = new ObjectSchema().description("An RFC 9457 problem: every error of the API");
        schema.setProperties(new java.util.LinkedHashMap<>(Map.of(
                "type", new StringSchema().format("uri").description("Identifies the kind of problem; about:blank when the status says it all"),
                "title", new StringSchema().description("Short summary of the kind of problem"),
                "status", new IntegerSchema().description("The HTTP status code"),
                "detail", new StringSchema().description("What went wrong with this request, for a human"),
                "instance", new StringSchema().format("uri").description("The path of the request"),
                "errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))
                    .description("For invalid requests: one entry per invalid field or parameter"))));
        schema.setRequired(List.of("title", "status"));
        // Some problems carry more members of their own.
        schema.setAdditionalProperties(true);
        return schema;
    }

}
