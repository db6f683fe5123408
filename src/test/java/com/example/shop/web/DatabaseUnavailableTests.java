package com.example.shop.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.config.annotation.SpringSessionDataSource;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every connection of the session store's pool taken: a request whose session must be read before
 * any controller runs is answered 503 problem JSON with Retry-After, not 500, and the shop answers
 * again once connections are free. Every connection of the shop's other pool taken: the session
 * store still reads and saves sessions on its own. A context of its own, with pools of two that
 * give up waiting quickly.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.connection-timeout=250",
        "shop.session.pool-size=2" })
@ActiveProfiles("test")
class DatabaseUnavailableTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    @SpringSessionDataSource
    DataSource sessionStore;

    // Raw: the store's own session type is not public.
    @Autowired
    @SuppressWarnings("rawtypes")
    SessionRepository sessions;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSessionThatCannotBeReadIsAServiceUnavailableProblem() throws Exception {
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                taken.add(sessionStore.getConnection());
            }
            HttpResponse<String> response = stock();
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(response.body()).contains("\"status\":503").doesNotContain("Exception");
        }
        finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
        // The session is unknown: the admin's stock read is refused, as to anyone signed out.
        assertThat(stock().statusCode()).isEqualTo(401);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSessionStoreHasConnectionsOfItsOwn() throws Exception {
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                taken.add(dataSource.getConnection());
            }
            // What every request does with its session, while a rush holds every other connection.
            Session session = sessions.createSession();
            session.setAttribute("shop.test", "kept");
            sessions.save(session);
            Session found = sessions.findById(session.getId());
            assertThat(found).isNotNull();
            assertThat((String) found.getAttribute("shop.test")).isEqualTo("kept");
        }
        finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
    }

    // Only the admin may read stock: Spring Security reads the session's sign-in, in its filters,
    // before any controller.
    private HttpResponse<String> stock() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shirts/1/stock"))
            .header("Accept", "application/json").header("Cookie", "JSESSIONID=" + java.util.Base64.getEncoder().encodeToString(
                    java.util.UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
