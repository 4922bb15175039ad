package io.expoleads.platform.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which webhook URLs may be called: https (http only to loopback, and only when local development
 * allows loopback), and never an address inside the operator's network. The check resolves the
 * host, so a public name pointing at a private address is refused too; senders check again at
 * send time, after their own resolution.
 */
public final class WebhookTargets {

    private final boolean allowLoopback;

    public WebhookTargets(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** @return why the URL is refused, or null when it may be called */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "must be an https URL with a host";
        }
        if (uri.getUserInfo() != null) {
            return "must not carry credentials";
        }
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(uri.getHost()));
        } catch (UnknownHostException e) {
            return "names a host that does not resolve";
        }
        for (InetAddress address : addresses) {
            String refused = refusal(address);
            if (refused != null) {
                return refused;
            }
        }
        if (scheme.equals("http") && !(allowLoopback && addresses.stream().allMatch(InetAddress::isLoopbackAddress))) {
            return "must use https";
        }
        return null;
    }

    /** @return why calling this address is refused, or null */
    public String refusal(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            String refused = refusal(embedded);
            return refused == null ? null : refused + " (inside an IPv6 address)";
        }
        if (address.isLoopbackAddress()) {
            return allowLoopback ? null : "resolves to a loopback address";
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return "resolves to a wildcard or multicast address";
        }
        if (address.isLinkLocalAddress()) {
            return "resolves to a link-local address (cloud metadata lives there)";
        }
        if (address.isSiteLocalAddress()) {
            return "resolves to a private address";
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 100 && second >= 64 && second <= 127) {
                return "resolves to a carrier-grade NAT address";
            }
            if (first == 0 || first >= 240) {
                return "resolves to a reserved address";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "resolves to a private (benchmarking) address";
            }
        }
        if (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc) {
            return "resolves to a private (unique local) IPv6 address";
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 address carries and a network may route to: NAT64 (64:ff9b::/96),
     * 6to4 (2002::/16) and the deprecated IPv4-compatible form (::a.b.c.d); null for any other.
     * (IPv4-mapped addresses, ::ffff:a.b.c.d, are already IPv4 addresses to Java.)
     */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] bytes = address.getAddress();
        byte[] ipv4;
        if ((bytes[0] & 0xff) == 0x20 && (bytes[1] & 0xff) == 0x02) {
            ipv4 = java.util.Arrays.copyOfRange(bytes, 2, 6);
        } else if (startsWith(bytes, new int[] {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0})
                || (startsWith(bytes, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}) && !(address.isLoopbackAddress() || address.isAnyLocalAddress()))) {
            ipv4 = java.util.Arrays.copyOfRange(bytes, 12, 16);
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(ipv4);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    private static boolean startsWith(byte[] bytes, int[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
