package com.example.shop.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-message compression is declined unless {@code shop.websocket.compression} is on: a raw
 * handshake offers {@code permessage-deflate} as every browser does and reads what the shop
 * answers.
 */
@LiveShop
class WebSocketCompressionTests {

    static final String OFFER = "permessage-deflate; client_max_window_bits";

    @LocalServerPort
    int port;

    @Test
    void compressionOfferedByABrowserIsDeclinedByDefault() throws IOException {
        Handshake answer = Handshake.offer(port, OFFER, "http://localhost:" + port);
        assertThat(answer.status()).isEqualTo(101);
        assertThat(answer.headers()).doesNotContainKey("sec-websocket-extensions");
    }

    @Test
    void theOriginIsStillChecked() throws IOException {
        assertThat(Handshake.offer(port, OFFER, "https://evil.example").status()).isEqualTo(403);
        assertThat(Handshake.offer(port, OFFER, "https://partner.example").status()).isEqualTo(101);
    }

    @Nested
    // A context of its own: whether compression is offered is fixed when the endpoint is registered.
    @TestPropertySource(properties = "shop.websocket.compression=true")
    class WhenEnabled {

        @Test
        void compressionOfferedByABrowserIsAccepted() throws IOException {
            Handshake answer = Handshake.offer(port, OFFER, "http://localhost:" + port);
            assertThat(answer.status()).isEqualTo(101);
            assertThat(answer.headers().get("sec-websocket-extensions")).startsWith("permessage-deflate");
        }

    }

    /** The status and headers (names in lower case) of the answer to a WebSocket upgrade request. */
    record Handshake(int status, Map<String, String> headers) {

        static Handshake offer(int port, String extensions, String origin) throws IOException {
            try (Socket socket = new Socket("localhost", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /ws HTTP/1.1\r\n" + "Host: localhost:" + port + "\r\n" + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n" + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n" + "Sec-WebSocket-Protocol: v12.stomp\r\n"
                        + "Sec-WebSocket-Extensions: " + extensions + "\r\n" + "Origin: " + origin + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                int status = Integer.parseInt(in.readLine().split(" ")[1]);
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    int colon = line.indexOf(':');
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                return new Handshake(status, headers);
            }
        }

    }

}
