package com.example.shop.web;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.StringJoiner;

import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Client addresses, the scheme and the host come from forwarded headers only when the connection
 * comes from a proxy in {@code shop.web.trusted-proxies}. Tomcat's {@link RemoteIpValve} does the
 * work ({@code server.forward-headers-strategy=native}, set in {@code application.properties}):
 * for a connection from a trusted proxy it takes the client from {@code X-Forwarded-For} (the
 * right-most address that is not itself a trusted proxy, so a proxy that appends to what the client
 * sent still names the real client), and the scheme, host and port from {@code X-Forwarded-Proto},
 * {@code -Host} and {@code -Port}; from anyone else it changes nothing. It never reads the
 * standard {@code Forwarded} header.
 * <p>
 * What Boot leaves open, and this closes:
 * <ul>
 * <li>Boot's valve trusts every private, loopback and link-local address by default
 * ({@code server.tomcat.remoteip.internal-proxies}): on a shared network, or in a cluster where
 * every pod has such an address, anyone next to the shop could name their own address. Here the
 * valve trusts exactly {@code shop.web.trusted-proxies} (as CIDR ranges, which Tomcat 11's valve
 * matches as such), and nobody when it is empty, whatever Boot or
 * {@code server.tomcat.remoteip.*} set.
 * <li>{@code server.forward-headers-strategy=framework} installs Spring's
 * {@code ForwardedHeaderFilter}, which believes {@code Forwarded} and {@code X-Forwarded-*} from
 * every client: anyone could choose the address the lockout and the live caps count. The shop
 * refuses to start with it.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientAddressProperties.class)
class TrustedProxiesConfiguration {

    @Bean
    ClientAddress clientAddress(ClientAddressProperties properties) {
        return new ClientAddress(properties);
    }

    @Bean
    TrustedProxies trustedProxies(ClientAddressProperties properties, ServerProperties server) {
        return new TrustedProxies(cidrs(properties.trustedProxies()), server.getForwardHeadersStrategy());
    }

    /** Sets the trusted proxies on the valve Boot added; after Boot's own customizer, which adds it. */
    static final class TrustedProxies implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

        private final String cidrs;

        private final ForwardHeadersStrategy strategy;

        TrustedProxies(String cidrs, ForwardHeadersStrategy strategy) {
            this.cidrs = cidrs;
            this.strategy = strategy;
        }

        @Override
        public void customize(TomcatWebServerFactory factory) {
            if (strategy == ForwardHeadersStrategy.FRAMEWORK) {
                throw new IllegalStateException("server.forward-headers-strategy=framework would believe forwarded "
                        + "headers from any client; leave it at native and list the proxies in shop.web.trusted-proxies");
            }
            List<RemoteIpValve> valves = factory.getEngineValves().stream()
                .filter(RemoteIpValve.class::isInstance)
                .map(RemoteIpValve.class::cast)
                .toList();
            if (valves.isEmpty() && !cidrs.isEmpty()) {
                throw new IllegalStateException(
                        "shop.web.trusted-proxies is set, but server.forward-headers-strategy is not native");
            }
            for (RemoteIpValve valve : valves) {
                // An empty string is "none" to the valve; a list with a '/' is read as CIDR ranges.
                valve.setInternalProxies(cidrs);
                valve.setTrustedProxies(null);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

    }

    /**
     * {@code shop.web.trusted-proxies} as the valve's CIDR list: {@code 10.0.0.5} becomes
     * {@code 10.0.0.5/32}, so that the valve never reads an entry as a regular expression (in which
     * {@code .} is any character). Only address literals: a host name would need a lookup, and
     * would be trusted as whatever it resolved to at the time.
     */
    static String cidrs(List<String> proxies) {
        StringJoiner joined = new StringJoiner(", ");
        for (String proxy : proxies) {
            String entry = proxy.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String literal = slash < 0 ? entry : entry.substring(0, slash);
            InetAddress address = literal(literal, proxy);
            int width = address instanceof Inet4Address ? 32 : 128;
            int bits = slash < 0 ? width : prefix(entry.substring(slash + 1), width, proxy);
            joined.add(address.getHostAddress() + "/" + bits);
        }
        return joined.toString();
    }

    private static InetAddress literal(String literal, String entry) {
        InetAddress address = ClientAddress.literal(literal);
        if (address == null) {
            throw new IllegalArgumentException("shop.web.trusted-proxies: '" + entry
                    + "' is not an IP address or a CIDR range (such as 10.0.0.0/8)");
        }
        return address;
    }

    private static int prefix(String bits, int width, String entry) {
        try {
            int prefix = Integer.parseInt(bits);
            if (prefix >= 0 && prefix <= width) {
                return prefix;
            }
        }
        catch (NumberFormatException ex) {
            // Refused below.
        }
        throw new IllegalArgumentException(
                "shop.web.trusted-proxies: '" + entry + "' has a prefix length outside 0 to " + width);
    }

}
