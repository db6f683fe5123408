package com.example.shop.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

import com.example.shop.RawHttp;
import com.example.shop.ShopFixture;
import com.example.shop.ShopTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpHeaders.CONTENT_TYPE;

/**
 * Whose address the failed-login lockout counts, against the running shop: the peer's, unless the
 * peer is a trusted proxy ({@code shop.web.trusted-proxies}: 127.0.0.1 in the test profile), and
 * then the client it names in {@code X-Forwarded-For}, never in {@code Forwarded}. A client that is
 * not the proxy connects from another loopback address (127.0.0.2x), and whatever it claims in
 * either header, it is counted as itself: it can neither escape the lockout by changing its claim
 * nor lock someone else out by claiming to be them. IPv6 clients count by their /64.
 */
@ShopTest
class ForwardedAddressTests {

    @LocalServerPort
    int port;

    RestTestClient proxy;

    @BeforeEach
    void client() {
        proxy = ShopFixture.client(port);
    }

    @Test
    void aClientThatIsNotTheProxyIsLockedOutWhateverAddressItClaims() throws IOException {
        String client = "127.0.0.21";
        for (int i = 1; i <= 10; i++) {
            assertThat(login(client, "guess-" + i, spoofing("198.51.100." + i)).status()).isEqualTo(401);
        }
        RawHttp.Response refused = login(client, ShopTest.PASSWORD, spoofing("198.51.100.99"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many failed logins");
        // Nobody it claimed to be was counted: through the proxy, the first of them logs in.
        viaProxy("198.51.100.1", ShopTest.PASSWORD).expectStatus().isFound();
    }

    @Test
    void aClientThatIsNotTheProxyCannotLockTheAdminOut() throws IOException {
        String admin = "192.0.2.200";
        for (int i = 1; i <= 12; i++) {
            login("127.0.0.22", "guess-" + i, spoofing(admin));
        }
        // The admin, behind the proxy, logs in with the right password.
        viaProxy(admin, ShopTest.PASSWORD).expectStatus().isFound();
    }

    @Test
    void behindTheProxyTheClientItForwardsCountsAndForwardedIsIgnored() {
        String client = "192.0.2.201";
        for (int i = 1; i <= 10; i++) {
            // A proxy that passes the client's own Forwarded header on: the shop does not read it.
            login(client, "guess-" + i, "for=198.51.100." + i).expectStatus().isUnauthorized();
        }
        login(client, ShopTest.PASSWORD, "for=198.51.100.200").expectStatus().isEqualTo(429);
        viaProxy("192.0.2.202", ShopTest.PASSWORD).expectStatus().isFound();
    }

    @Test
    void anIpv6ClientIsItsSlash64() {
        for (int i = 1; i <= 10; i++) {
            viaProxy("2001:db8:21:21::" + Integer.toHexString(i), "guess-" + i).expectStatus().isUnauthorized();
        }
        viaProxy("2001:db8:21:21:ffff:ffff:ffff:ffff", ShopTest.PASSWORD).expectStatus().isEqualTo(429);
        viaProxy("2001:db8:21:22::1", ShopTest.PASSWORD).expectStatus().isFound();
    }

    /** What a client that wants to be someone else sends: both kinds of forwarded header. */
    private static List<String> spoofing(String address) {
        return List.of("Forwarded: for=" + address + ";proto=https", "X-Forwarded-For: " + address);
    }

    /** The login form posted straight from {@code from}, a client the shop does not trust. */
    private RawHttp.Response login(String from, String password, List<String> headers) throws IOException {
        List<String> all = new ArrayList<>(headers);
        return RawHttp.send(from, port, "POST", "/login", all, "username=admin&password=" + password);
    }

    /** The login form posted through the trusted proxy, for {@code client}. */
    private ResponseSpec viaProxy(String client, String password) {
        return proxy.post().uri("/login").header("X-Forwarded-For", client)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded").body("username=admin&password=" + password)
            .exchange();
    }

    /** The login form posted through the trusted proxy, for {@code client}, with the client's {@code Forwarded}. */
    private ResponseSpec login(String client, String password, String forwarded) {
        return proxy.post().uri("/login").header("X-Forwarded-For", client).header("Forwarded", forwarded)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded").body("username=admin&password=" + password)
            .exchange();
    }

}
