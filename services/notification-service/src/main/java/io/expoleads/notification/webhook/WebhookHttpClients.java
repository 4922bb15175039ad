package io.expoleads.notification.webhook;

import java.time.Duration;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HttpClient webhook calls go through: pooled connections (reused, a receiver being called
 * again and again), every name resolved by the given checking resolver, and nothing done on the
 * caller's behalf that would make one attempt into several or send it somewhere else: no
 * redirects, no retries, no cookies, no authentication state, no decompression. No proxy from
 * the system properties either, which would connect to an address the resolver never checked.
 * Each phase (pool lease, connect, TLS handshake, each read) is bounded by the attempt's timeout;
 * {@link WebhookSender} bounds the whole.
 */
final class WebhookHttpClients {

    static final String USER_AGENT = "ExpoLeads-Webhooks/1";

    /** Across all receivers; a delivery beyond it waits for a connection, within its timeout. */
    static final int MAX_CONNECTIONS = 100;
    /** One slow receiver cannot hold more than this, nor be flooded with parallel deliveries. */
    static final int MAX_CONNECTIONS_PER_ROUTE = 5;

    private WebhookHttpClients() {
    }

    static CloseableHttpClient create(DnsResolver resolver, Duration attemptTimeout) {
        Timeout timeout = Timeout.of(attemptTimeout);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout)
                                .setSocketTimeout(timeout)
                                // A receiver's address may move; a long-lived connection would not follow.
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                                .build())
                        .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(timeout).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .setRedirectsEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setExpectContinueEnabled(false)
                        .build())
                .setUserAgent(USER_AGENT)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
    }
}
