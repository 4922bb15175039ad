package io.expoleads.notification.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import io.expoleads.platform.webhook.WebhookTargets;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The only name resolution of a webhook call, made when HttpClient opens the connection: the host
 * is refused when any of its addresses is refused by {@link WebhookTargets}, and the connection
 * then goes to the addresses checked here and nowhere else. Checking at connection time, rather
 * than when the endpoint was registered, is what keeps a name later pointed at the operator's
 * network (or answering differently to a second lookup, DNS rebinding) from being called.
 */
final class CheckedDnsResolver implements DnsResolver {

    static final String PLAINTEXT_REFUSAL = "must use https";

    private final DnsResolver names;
    private final WebhookTargets targets;
    private final boolean loopbackOnly;

    /**
     * @param loopbackOnly for plain http, which local development may use towards loopback only
     */
    CheckedDnsResolver(DnsResolver names, WebhookTargets targets, boolean loopbackOnly) {
        this.names = names;
        this.targets = targets;
        this.loopbackOnly = loopbackOnly;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = names.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            String refusal = targets.refusal(address);
            if (refusal == null && loopbackOnly && !address.isLoopbackAddress()) {
                refusal = PLAINTEXT_REFUSAL;
            }
            if (refusal != null) {
                throw new RefusedAddressException(host, refusal);
            }
        }
        return addresses.clone();
    }

    /** What HttpClient connects to: the checked addresses, spelled out rather than left to a default. */
    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        // Only used for Kerberos/SPNEGO, which webhook calls never do; answering without a lookup
        // keeps this resolver the only door to DNS.
        return host;
    }
}
