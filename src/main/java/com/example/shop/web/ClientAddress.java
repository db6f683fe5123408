package com.example.shop.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The key under which per-address limits count a client: its IPv4 address as it is, or the
 * network of its IPv6 address ({@code shop.web.ipv6-prefix} bits, 64 by default), so that a client
 * cannot multiply its quota by taking new addresses from its own /64. Used by the failed-login
 * lockout and the live connection caps; anything else that limits per client should use it too.
 * <p>
 * The address is the one Tomcat gives ({@code getRemoteAddr()}): the peer's, or behind a trusted
 * proxy the one it forwarded, which could be any text that proxy sent. Such text is used as it is;
 * nothing here ever looks a name up.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    // Has a colon, and starts with a hex digit or a colon: then Java's InetAddress parses it as an
    // IPv6 literal or refuses it, and never looks it up as a name.
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");

    private final int ipv6Prefix;

    public ClientAddress(ClientAddressProperties properties) {
        this.ipv6Prefix = properties.ipv6Prefix();
    }

    /** The limits' key for the client at {@code address}. */
    public String key(String address) {
        return key(address, ipv6Prefix);
    }

    /** The key for {@code address} with IPv6 addresses grouped by their first {@code ipv6Prefix} bits. */
    static String key(String address, int ipv6Prefix) {
        if (IPV4.matcher(address).matches()) {
            return address;
        }
        int zone = address.indexOf('%');
        InetAddress parsed = literal(zone < 0 ? address : address.substring(0, zone));
        if (parsed instanceof Inet4Address v4) {
            // An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is that IPv4 client.
            return v4.getHostAddress();
        }
        if (!(parsed instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = parsed.getAddress();
        for (int bit = ipv6Prefix; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return toAddress(bytes).getHostAddress() + "/" + ipv6Prefix;
    }

    /** {@code text} as an address if it is an IPv4 or IPv6 literal, else null; never a name looked up. */
    static @Nullable InetAddress literal(String text) {
        if (IPV4.matcher(text).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return toAddress(bytes);
        }
        if (!IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            // With a colon, and starting as it does, InetAddress parses it and never looks it up.
            return InetAddress.getByName(text);
        }
        catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    private static InetAddress toAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        }
        catch (UnknownHostException impossible) {
            // Only for a length other than 4 or 16.
            throw new IllegalStateException(impossible);
        }
    }

}
