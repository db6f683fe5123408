package com.example.shop.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The per-address limits' key: IPv4 as it is, IPv6 by its network, anything else as it is. */
class ClientAddressTests {

    final ClientAddress byDefault = new ClientAddress(new ClientAddressProperties(List.of(), 64));

    @Test
    void anIpv4AddressIsItsOwnKey() {
        assertThat(byDefault.key("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(byDefault.key("203.0.113.8")).isNotEqualTo(byDefault.key("203.0.113.7"));
        // The same client written as an IPv4-mapped IPv6 address.
        assertThat(byDefault.key("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareTheirKey() {
        String key = byDefault.key("2001:db8:1:2::1");
        assertThat(byDefault.key("2001:db8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(key);
        assertThat(byDefault.key("2001:DB8:1:2:0:0:0:abcd")).isEqualTo(key);
        // As Tomcat writes the peer's address, and with a zone.
        assertThat(byDefault.key("2001:db8:1:2:0:0:0:1")).isEqualTo(key);
        assertThat(byDefault.key("2001:db8:1:2::1%eth0")).isEqualTo(key);
        // The next /64 is another client.
        assertThat(byDefault.key("2001:db8:1:3::1")).isNotEqualTo(key);
        assertThat(key).endsWith("/64");
    }

    @Test
    void thePrefixIsASetting() {
        var per48 = new ClientAddress(new ClientAddressProperties(List.of(), 48));
        assertThat(per48.key("2001:db8:1:2::1")).isEqualTo(per48.key("2001:db8:1:ffff::1"))
            .isNotEqualTo(per48.key("2001:db8:2::1"));
        var perAddress = new ClientAddress(new ClientAddressProperties(List.of(), 128));
        assertThat(perAddress.key("2001:db8:1:2::1")).isNotEqualTo(perAddress.key("2001:db8:1:2::2"));
        // An odd prefix cuts inside a byte.
        assertThat(ClientAddress.key("2001:db8:1:2::1", 63)).isEqualTo(ClientAddress.key("2001:db8:1:3::1", 63))
            .isNotEqualTo(ClientAddress.key("2001:db8:1:4::1", 63));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressProperties(List.of(), 0))
            .withMessageContaining("shop.web.ipv6-prefix");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddressProperties(List.of(), 129));
    }

    @Test
    void whatIsNoAddressIsItsOwnKeyAndNeverLookedUp() {
        // What a trusted proxy might forward; a name is not resolved (localhost would be).
        for (String text : List.of("unknown", "localhost", "shop.example", "_hidden", ".:", "1::2::3", "999.1.1.1", "")) {
            assertThat(ClientAddress.key(text, 64)).isEqualTo(text);
        }
        assertThat(ClientAddress.literal("localhost")).isNull();
        assertThat(ClientAddress.literal("256.0.0.1")).isNull();
        assertThat(ClientAddress.literal("10.0.0.1")).isNotNull();
        assertThat(ClientAddress.literal("::1")).isNotNull();
    }

}
