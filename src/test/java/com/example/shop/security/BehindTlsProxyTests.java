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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.shop.ShopClient;
import com.example.shop.ShopTest;
import com.example.shop.ShopClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shop behind a TLS-terminating proxy ({@code server.forward-headers-strategy=framework}, as
 * the test profile sets it), against the running shop: a request the proxy forwards as HTTPS gets
 * a {@code Secure} session cookie and HSTS, a plain one neither, and the STOMP endpoint takes the
 * shop's own {@code https} origin. Same application context as the other end-to-end tests.
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

    ShopClient client;

    @BeforeEach
    void client() {
        client = new ShopClient(port, password);
    }

    @Test
    void overHttpsTheSessionCookieIsSecureHttpOnlyAndLaxAndHstsIsSent() {
        Response login = login(FROM_PROXY);
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        // The proxy's address, not the shop's own.
        assertThat(login.header("Location")).isEqualTo("https://shop.example/admin");
        assertThat(sessionCookie(login)).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax");
        assertThat(login.header("Strict-Transport-Security")).startsWith("max-age=");

        Response read = client.get("/shirts?size=1", FROM_PROXY);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Strict-Transport-Security")).startsWith("max-age=");
    }

    @Test
    void overPlainHttpTheSessionCookieIsHttpOnlyAndLaxButNotSecureAndNoHstsIsSent() {
        Response login = login();
        assertThat(login.status()).as(login.toString()).isEqualTo(302);
        assertThat(sessionCookie(login)).doesNotContain("Secure").contains("; HttpOnly").contains("; SameSite=Lax");
        // HSTS over plain HTTP would be ignored by browsers, and tell an attacker nothing useful.
        assertThat(login.header("Strict-Transport-Security")).isNull();
        assertThat(client.get("/shirts?size=1").header("Strict-Transport-Security")).isNull();
        // A proxy that forwards plain HTTP makes nothing secure either.
        Response http = login("X-Forwarded-Proto", "http", "X-Forwarded-Host", "shop.example");
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

    private Response login(String... headers) {
        var request = client.anonymous("POST", "/login")
            .body("application/x-www-form-urlencoded", "username=admin&password=" + password);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.send();
    }

    private static String sessionCookie(Response response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
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
