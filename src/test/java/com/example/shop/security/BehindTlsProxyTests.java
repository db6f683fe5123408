package com.example.shop.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.RawHttp;
import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;
import static org.springframework.http.HttpHeaders.LOCATION;

/**
 * The shop behind a TLS-terminating proxy (Tomcat's RemoteIpValve, trusting 127.0.0.1 as the test
 * profile's {@code shop.web.trusted-proxies} says), against the running shop: a request the proxy
 * forwards as HTTPS gets a {@code Secure} session cookie and HSTS, a plain one neither, and the
 * STOMP endpoint takes the shop's own {@code https} origin. The same headers from a client that is
 * not the proxy change nothing. Same application context as the other end-to-end tests.
 */
@ShopTest
class BehindTlsProxyTests {

    /** What a proxy at https://shop.example adds to every request it forwards. */
    static final String[] FROM_PROXY = { "X-Forwarded-Proto", "https", "X-Forwarded-Host", "shop.example",
            "X-Forwarded-Port", "443" };

    @LocalServerPort
    int port;

    @Value("${shop.admin.password}")
    String password;

    RestTestClient client;

    @BeforeEach
    void client() {
        client = ShopFixture.client(port);
    }

    @Test
    void overHttpsTheSessionCookieIsSecureHttpOnlyAndLaxAndHstsIsSent() {
        ResponseSpec login = login(FROM_PROXY);
        login.expectStatus().isFound()
            // The proxy's address, not the shop's own.
            .expectHeader().valueEquals(LOCATION, "https://shop.example/admin");
        assertThat(sessionCookie(login)).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax");
        login.expectHeader().value("Strict-Transport-Security", hsts -> assertThat(hsts).startsWith("max-age="));

        client.get().uri("/shirts?size=1").headers(headers(FROM_PROXY)).exchange()
            .expectStatus().isOk()
            .expectHeader().value("Strict-Transport-Security", hsts -> assertThat(hsts).startsWith("max-age="));
    }

    @Test
    void overPlainHttpTheSessionCookieIsHttpOnlyAndLaxButNotSecureAndNoHstsIsSent() {
        ResponseSpec login = login();
        login.expectStatus().isFound();
        assertThat(sessionCookie(login)).doesNotContain("Secure").contains("; HttpOnly").contains("; SameSite=Lax");
        // HSTS over plain HTTP would be ignored by browsers, and tell an attacker nothing useful.
        login.expectHeader().doesNotExist("Strict-Transport-Security");
        client.get().uri("/shirts?size=1").exchange().expectHeader().doesNotExist("Strict-Transport-Security");
        // A proxy that forwards plain HTTP makes nothing secure either.
        ResponseSpec http = login("X-Forwarded-Proto", "http", "X-Forwarded-Host", "shop.example");
        assertThat(sessionCookie(http)).doesNotContain("Secure");
    }

    @Test
    void theStompEndpointTakesTheShopsOwnHttpsOriginBehindTheProxy() throws Exception {
        // The handshake as a browser on https://shop.example sends it through the proxy: 101, and STOMP works.
        Frames frames = new Frames();
        WebSocket socket = handshake(frames, "https://shop.example", FROM_PROXY).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText("CONNECT\naccept-version:1.2\nhost:shop.example\nheart-beat:10000,10000\n\n\0", true).get(10, TimeUnit.SECONDS);
            assertThat(frames.first.get(10, TimeUnit.SECONDS)).startsWith("CONNECTED\n");
        }
        finally {
            socket.abort();
        }
        // Another origin through the same proxy is refused, and so is the https origin without it.
        assertRefused(handshake(new Frames(), "https://evil.example", FROM_PROXY));
        assertRefused(handshake(new Frames(), "http://shop.example", FROM_PROXY));
        assertRefused(handshake(new Frames(), "https://shop.example"));
    }

    @Test
    void theProxysHeadersFromAnyoneElseChangeNothing() throws Exception {
        // From 127.0.0.23, not the proxy: the request is plain HTTP to localhost, as it is.
        List<String> fromProxy = List.of("X-Forwarded-Proto: https", "X-Forwarded-Host: shop.example",
                "X-Forwarded-Port: 443", "Forwarded: for=192.0.2.1;proto=https;host=shop.example");
        RawHttp.Response login = RawHttp.send("127.0.0.23", port, "POST", "/login", fromProxy,
                "username=admin&password=" + password);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.headers(LOCATION)).singleElement().asString().startsWith("http://localhost:" + port + "/");
        assertThat(login.headers(HttpHeaders.SET_COOKIE)).filteredOn(cookie -> cookie.startsWith("JSESSIONID="))
            .singleElement().asString().doesNotContain("Secure");
        assertThat(login.headers("Strict-Transport-Security")).isEmpty();
        // Nor does the shop's https origin pass the WebSocket handshake from there.
        RawHttp.Response handshake = RawHttp.send("127.0.0.23", port, "GET", "/ws",
                concat(fromProxy, "Origin: https://shop.example", "Upgrade: websocket", "Connection: Upgrade",
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"),
                null);
        assertThat(handshake.status()).isEqualTo(403);
    }

    private static List<String> concat(List<String> headers, String... more) {
        return java.util.stream.Stream.concat(headers.stream(), java.util.Arrays.stream(more)).toList();
    }

    private ResponseSpec login(String... headers) {
        return client.post().uri("/login").header(CONTENT_TYPE, "application/x-www-form-urlencoded").headers(headers(headers))
            .body("username=admin&password=" + password).exchange();
    }

    /** Request headers from name, value pairs. */
    private static Consumer<HttpHeaders> headers(String... pairs) {
        return headers -> {
            for (int i = 0; i < pairs.length; i += 2) {
                headers.set(pairs[i], pairs[i + 1]);
            }
        };
    }

    private static String sessionCookie(ResponseSpec response) {
        List<String> cookies = response.returnResult().getResponseHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
        return cookies.stream().filter(cookie -> cookie.startsWith("JSESSIONID=")).findFirst()
            .orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
    }

    /** Opens {@code /ws} with a real WebSocket client, as from a page at {@code origin}. */
    private CompletableFuture<WebSocket> handshake(Frames frames, String origin, String... headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .header("Origin", origin);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.buildAsync(URI.create("ws://localhost:" + port + "/ws"), frames);
    }

    private static void assertRefused(CompletableFuture<WebSocket> handshake) {
        assertThatThrownBy(() -> handshake.get(10, TimeUnit.SECONDS)).cause()
            .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                    ex -> assertThat(ex.getResponse().statusCode()).isEqualTo(403));
    }

    /** Collects the text of the first frame. */
    static final class Frames implements WebSocket.Listener {

        final CompletableFuture<String> first = new CompletableFuture<>();

        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                first.complete(text.toString());
            }
            webSocket.request(1);
            return null;
        }

    }

}
