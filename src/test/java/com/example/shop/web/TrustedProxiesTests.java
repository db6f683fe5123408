package com.example.shop.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;

import com.example.shop.web.TrustedProxiesConfiguration.TrustedProxies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code shop.web.trusted-proxies} as Tomcat's own {@link RemoteIpValve} applies it, on a request
 * passed through the real valve: only a trusted peer's forwarded headers count. End to end, over a
 * real port, in security's {@code ForwardedAddressTests} and live's {@code HostileClientsTests}.
 */
class TrustedProxiesTests {

    @Test
    void entriesBecomeCidrRangesAndAnythingElseIsRefused() {
        assertThat(TrustedProxiesConfiguration.cidrs(List.of())).isEmpty();
        assertThat(TrustedProxiesConfiguration.cidrs(List.of(" 10.0.0.5", "192.168.0.0/16 ", "fd00::/8", "::1")))
            .isEqualTo("10.0.0.5/32, 192.168.0.0/16, fd00:0:0:0:0:0:0:0/8, 0:0:0:0:0:0:0:1/128");
        for (String wrong : List.of("proxy.example", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0/8", "10.0.0.0/x",
                "300.0.0.1")) {
            assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxiesConfiguration.cidrs(List.of(wrong)))
                .withMessageContaining("shop.web.trusted-proxies");
        }
    }

    @Test
    void byDefaultNobodyIsTrustedNotEvenWhomBootWouldTrust() throws Exception {
        RemoteIpValve valve = configured("", ForwardHeadersStrategy.NATIVE);
        // Boot's own default trusts the loopback and private networks.
        for (String peer : List.of("127.0.0.1", "10.1.2.3", "192.168.0.7", "0:0:0:0:0:0:0:1", "203.0.113.9")) {
            Seen seen = pass(valve, peer, "198.51.100.7", "https");
            assertThat(seen.address()).isEqualTo(peer);
            assertThat(seen.secure()).isFalse();
        }
    }

    @Test
    void aTrustedProxysHeadersAreBelievedAndNobodyElses() throws Exception {
        RemoteIpValve valve = configured(TrustedProxiesConfiguration.cidrs(List.of("127.0.0.1", "10.0.0.0/24")),
                ForwardHeadersStrategy.NATIVE);
        assertThat(pass(valve, "127.0.0.1", "198.51.100.7", "https")).isEqualTo(new Seen("198.51.100.7", true));
        assertThat(pass(valve, "10.0.0.200", "198.51.100.7", "https")).isEqualTo(new Seen("198.51.100.7", true));
        // Not a regular expression: 127.0.0.1 does not match 127a0b0c1, nor 127.0.0.10.
        assertThat(pass(valve, "127.0.0.10", "198.51.100.7", "https")).isEqualTo(new Seen("127.0.0.10", false));
        assertThat(pass(valve, "10.0.1.1", "198.51.100.7", "https")).isEqualTo(new Seen("10.0.1.1", false));
        // A proxy that appends to what the client sent: the right-most address not a proxy's is the client.
        assertThat(pass(valve, "127.0.0.1", "192.0.2.66, 198.51.100.7, 10.0.0.3", "http"))
            .isEqualTo(new Seen("198.51.100.7", false));
    }

    @Test
    void theShopRefusesSpringsForwardedHeaderFilterAndAListWithoutTheValve() {
        assertThatIllegalStateException().isThrownBy(() -> configured("", ForwardHeadersStrategy.FRAMEWORK))
            .withMessageContaining("server.forward-headers-strategy=framework");
        var withoutValve = new TomcatServletWebServerFactory();
        assertThatIllegalStateException()
            .isThrownBy(() -> new TrustedProxies("10.0.0.5/32", ForwardHeadersStrategy.NONE).customize(withoutValve))
            .withMessageContaining("shop.web.trusted-proxies");
        // Without a list and without the valve there is nothing to configure.
        new TrustedProxies("", ForwardHeadersStrategy.NONE).customize(withoutValve);
    }

    /** The valve as Boot adds it for {@code native} (with Boot's default proxies), then as the shop configures it. */
    private static RemoteIpValve configured(String cidrs, ForwardHeadersStrategy strategy) {
        var factory = new TomcatServletWebServerFactory();
        var valve = new RemoteIpValve();
        valve.setInternalProxies("10.0.0.0/8, 192.168.0.0/16, 169.254.0.0/16, 100.64.0.0/10, fc00::/7, "
                + "172.16.0.0/12, ::1/128, 127.0.0.0/8, fe80::/10");
        valve.setProtocolHeader("X-Forwarded-Proto");
        factory.addEngineValves(valve);
        new TrustedProxies(cidrs, strategy).customize(factory);
        return valve;
    }

    record Seen(String address, boolean secure) {
    }

    /** What the application behind the valve sees of a request from {@code peer} with these headers. */
    private static Seen pass(RemoteIpValve valve, String peer, String forwardedFor, String proto)
            throws IOException, ServletException {
        Seen[] seen = new Seen[1];
        valve.setNext(new ValveBase() {
            @Override
            public void invoke(Request request, Response response) {
                seen[0] = new Seen(request.getRemoteAddr(), request.isSecure());
            }
        });
        var request = new Request(new Connector(), new org.apache.coyote.Request());
        request.setRemoteAddr(peer);
        request.getCoyoteRequest().getMimeHeaders().addValue("X-Forwarded-For").setString(forwardedFor);
        request.getCoyoteRequest().getMimeHeaders().addValue("X-Forwarded-Proto").setString(proto);
        valve.invoke(request, null);
        return seen[0];
    }

}
