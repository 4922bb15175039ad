package io.expoleads.notification.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

import org.apache.hc.client5.http.DnsResolver;

/**
 * Name resolution with the answers a test gives, so that a hostname can stand for any address;
 * IP literals resolve to themselves, and any other name is unknown. It stands where the system's
 * DNS stands in production: under {@link CheckedDnsResolver}, never instead of it.
 */
final class FixedNames implements DnsResolver {

    private final Map<String, InetAddress[]> answers = new HashMap<>();

    static FixedNames of(String host, byte[]... addresses) throws UnknownHostException {
        FixedNames names = new FixedNames();
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByAddress(host, addresses[i]);
        }
        names.answers.put(host, resolved);
        return names;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] answer = answers.get(host);
        if (answer != null) {
            return answer.clone();
        }
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
