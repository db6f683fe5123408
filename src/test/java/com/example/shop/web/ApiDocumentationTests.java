package com.example.shop.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import io.swagger.v3.oas.annotations.Hidden;
import tools.jackson.databind.JsonNode;

import static com.example.shop.ShopFixture.header;
import static com.example.shop.ShopFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.LOCATION;

/**
 * The OpenAPI document describes the API that really runs: every endpoint of the shop's REST
 * controllers, read from Spring MVC's own handler mappings, with every parameter and the errors
 * it can answer; and Swagger UI serves it.
 */
@ShopTest
class ApiDocumentationTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    RestTestClient client;

    JsonNode document;

    @BeforeEach
    void readDocument() {
        client = ShopFixture.client(port);
        ResponseSpec response = client.get().uri("/v3/api-docs").exchange();
        response.expectStatus().isOk();
        document = json(response);
    }

    @Test
    void everyEndpointIsDocumentedWithEveryParameter() {
        List<String> endpoints = new ArrayList<>();
        handlerMapping.getHandlerMethods().forEach((mapping, handler) -> {
            if (!isShopApi(handler)) {
                return;
            }
            for (String path : mapping.getPatternValues()) {
                for (var method : methods(mapping)) {
                    String endpoint = method + " " + path;
                    endpoints.add(endpoint);
                    JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
                    assertThat(operation.isObject()).as(endpoint + " is documented").isTrue();
                    assertThat(operation.path("summary").asString()).as(endpoint + " has a summary").isNotBlank();
                    for (MethodParameter parameter : handler.getMethodParameters()) {
                        String[] expected = documentedParameter(parameter);
                        if (expected != null) {
                            assertThat(parameters(operation)).as(endpoint).contains(expected[1] + ":" + expected[0]);
                        }
                    }
                }
            }
        });
        assertThat(endpoints).contains("GET /shirts", "POST /shirts", "GET /shirts/{id}", "PUT /shirts/{id}",
                "PATCH /shirts/{id}", "DELETE /shirts/{id}");
        // Read from the request directly, so declared on the operation by hand: check it is there.
        assertThat(parameters(document.path("paths").path("/shirts").path("get")))
            .containsExactlyInAnyOrder("query:color", "query:sizes", "query:q", "query:minPrice", "query:maxPrice",
                    "query:page", "query:size", "query:sort");
    }

    @Test
    void everyOperationDocumentsTheErrorsItAnswers() {
        Map<String, Set<String>> expected = Map.of(
                "get /shirts", Set.of("200", "304", "400", "406"),
                "get /shirts/{id}", Set.of("200", "304", "400", "404", "406"),
                "post /shirts", Set.of("201", "400", "401", "403", "404", "406", "409", "413", "415", "422", "429"),
                "put /shirts/{id}", Set.of("200", "400", "401", "403", "404", "406", "409", "412", "413", "415", "429"),
                "patch /shirts/{id}", Set.of("200", "400", "401", "403", "404", "406", "409", "412", "413", "415", "429"),
                "delete /shirts/{id}", Set.of("204", "400", "401", "403", "404", "406", "409", "412", "429"));
        expected.forEach((operation, statuses) -> {
            String[] parts = operation.split(" ");
            JsonNode responses = document.path("paths").path(parts[1]).path(parts[0]).path("responses");
            assertThat(responses.propertyNames()).as(operation).containsAll(statuses);
            for (String status : statuses) {
                if (status.startsWith("4")) {
                    assertThat(responses.path(status).path("content").has("application/problem+json"))
                        .as(operation + " " + status + " is problem JSON").isTrue();
                }
            }
        });
        JsonNode get = document.path("paths").path("/shirts/{id}").path("get");
        assertThat(get.path("security").isMissingNode() || get.path("security").isEmpty()).as("reads need no credentials").isTrue();
        assertThat(document.path("paths").path("/shirts").path("post").path("security").toString()).contains("admin");
    }

    @Test
    void schemasDescribeWhatIsOnTheWire() {
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("Shirt").path("properties").propertyNames())
            .contains("id", "name", "color", "sizes", "price", "currency", "description", "createdAt", "updatedAt", "version");
        assertThat(schemas.path("Shirt").path("properties").path("sizes").path("items").toString())
            .contains("XS", "XXL");
        assertThat(schemas.path("ShirtPage").path("properties").propertyNames()).contains("shirts", "page", "seq");
        JsonNode problem = schemas.path("ProblemDetail").path("properties");
        assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "instance", "errors")
            .doesNotContain("properties");
        assertThat(schemas.path("FieldError").path("properties").propertyNames()).contains("pointer", "field", "detail");
        assertThat(document.path("paths").path("/shirts/{id}").path("patch").path("requestBody").path("content")
            .has("application/merge-patch+json")).isTrue();
        assertThat(document.path("components").path("securitySchemes").path("admin").path("scheme").asString()).isEqualTo("basic");
    }

    @Test
    void swaggerUiServesTheDocument() {
        ResponseSpec redirect = client.get().uri("/swagger-ui.html").exchange();
        redirect.expectStatus().isFound();
        String location = header(redirect, LOCATION);
        assertThat(location).endsWith("/swagger-ui/index.html");
        client.get().uri(location.replaceFirst("^https?://[^/]+", "")).exchange()
            .expectStatus().isOk()
            .expectBody(String.class).value(page -> assertThat(page).contains("swagger-ui"));
        ResponseSpec config = client.get().uri("/v3/api-docs/swagger-config").exchange();
        config.expectStatus().isOk();
        assertThat(json(config).path("url").asString()).isEqualTo("/v3/api-docs");
    }

    private static boolean isShopApi(HandlerMethod handler) {
        Class<?> type = handler.getBeanType();
        return type.getPackageName().startsWith("com.example.shop")
                && AnnotatedElementUtils.hasAnnotation(type, RestController.class)
                && !AnnotatedElementUtils.hasAnnotation(type, Hidden.class)
                && !handler.hasMethodAnnotation(Hidden.class);
    }

    private static List<String> methods(RequestMappingInfo mapping) {
        return mapping.getMethodsCondition().getMethods().stream().map(Enum::name).toList();
    }

    /** {name, in} of a parameter the document must list, or null for one it need not (the body, the request). */
    private static String[] documentedParameter(MethodParameter parameter) {
        parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null) {
            return new String[] { query.name().isEmpty() ? parameter.getParameterName() : query.name(), "query" };
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null) {
            return new String[] { header.name().isEmpty() ? parameter.getParameterName() : header.name(), "header" };
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null) {
            return new String[] { path.name().isEmpty() ? parameter.getParameterName() : path.name(), "path" };
        }
        return null;
    }

    private static List<String> parameters(JsonNode operation) {
        List<String> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> parameters.add(parameter.path("in").asString() + ":" + parameter.path("name").asString()));
        return parameters;
    }

}
