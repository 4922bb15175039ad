package io.expoleads.notification.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.expoleads.platform.webhook.WebhookTargets;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.Closer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One HTTP POST of a signed webhook (Standard Webhooks headers), reported precisely rather than
 * thrown: the delivery queue decides about retries from the {@link WebhookCall}. The target is
 * checked where it matters: the URL's scheme and credentials before the call, each address the
 * host resolves to when the connection is opened (see {@link CheckedDnsResolver}). The whole
 * attempt ends at the timeout even against a receiver that answers a byte at a time: the request
 * is cancelled at its deadline, closing the connection.
 */
@Component
public class WebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    // application/json has no charset parameter (RFC 8259: JSON is UTF-8).
    private static final ContentType JSON = ContentType.create("application/json");
    private static final int MAX_ERROR_DETAIL = 200;

    private final boolean allowLoopback;
    private final Duration timeout;
    private final CloseableHttpClient https;
    /** Plain http, for local development towards loopback only; null in production. */
    private final CloseableHttpClient loopbackHttp;
    private final ScheduledExecutorService deadlines;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Tracer tracer;
    private final Propagator propagator;

    @Autowired
    WebhookSender(WebhookProperties properties, Clock clock, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this(properties.allowLoopback(), properties.timeout(), SystemDefaultDnsResolver.INSTANCE, clock, tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    /** @param names the name resolution under the address check; tests give fixed answers */
    WebhookSender(boolean allowLoopback, Duration timeout, DnsResolver names, Clock clock) {
        this(allowLoopback, timeout, names, clock, Tracer.NOOP, Propagator.NOOP);
    }

    private WebhookSender(boolean allowLoopback, Duration timeout, DnsResolver names, Clock clock, Tracer tracer,
                          Propagator propagator) {
        this.clock = clock;
        this.tracer = tracer;
        this.propagator = propagator;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("expo.webhooks.timeout must be positive, not " + timeout);
        }
        this.allowLoopback = allowLoopback;
        this.timeout = timeout;
        WebhookTargets targets = new WebhookTargets(allowLoopback);
        this.https = WebhookHttpClients.create(new CheckedDnsResolver(names, targets, false), timeout);
        this.loopbackHttp = allowLoopback ? WebhookHttpClients.create(new CheckedDnsResolver(names, targets, true), timeout) : null;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every deadline is cancelled long before it is due; keep the queue to the live ones.
        executor.setRemoveOnCancelPolicy(true);
        this.deadlines = executor;
    }

    /**
     * Sends {@code body} once to {@code url}, signed with every secret, and waits at most the
     * timeout for the answer.
     *
     * @throws IllegalArgumentException for a missing or malformed secret: a fault of ours, not the receiver's
     */
    public WebhookCall send(String url, String messageId, String body, List<String> secrets) {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(body, "body");
        Instant at = clock.instant();
        long started = System.nanoTime();
        String signature = StandardWebhooks.signature(messageId, at.getEpochSecond(), body, secrets);
        String refusal = WebhookUrls.refusal(url, allowLoopback);
        if (refusal != null) {
            return logged(messageId, null, WebhookCall.refusal(at, millisSince(started), refusal));
        }
        URI target = URI.create(url);
        HttpPost post = new HttpPost(target);
        // A client span of the delivery's trace; its traceparent goes with the call, so the CRM can
        // join the trace. Tagged with the host only: the path and query may hold the receiver's token.
        Span span = tracer.spanBuilder().name("webhook POST").kind(Span.Kind.CLIENT)
                .tag("http.request.method", "POST").tag("server.address", target.getHost()).start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            propagator.inject(span.context(), post, (request, name, value) -> request.setHeader(name, value));
            WebhookCall call = send(post, target, messageId, body, at, started, signature);
            span.tag("http.response.status_code", Integer.toString(call.status()));
            if (call.error() != null) {
                span.error(new IllegalStateException(call.status() > 0 ? "HTTP " + call.status() : "no answer"));
            }
            return call;
        } finally {
            span.end();
        }
    }

    private WebhookCall send(HttpPost post, URI target, String messageId, String body, Instant at, long started, String signature) {
        post.setHeader("webhook-id", messageId);
        post.setHeader("webhook-timestamp", Long.toString(at.getEpochSecond()));
        post.setHeader("webhook-signature", signature);
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), JSON));
        HttpClientContext context = HttpClientContext.create();
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            deadlinePassed.set(true);
            post.cancel();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        WebhookCall call;
        try {
            CloseableHttpClient client = WebhookUrls.isPlainHttp(target) ? loopbackHttp : https;
            call = exchange(client, post, context, at, started);
        } catch (RefusedAddressException e) {
            call = WebhookCall.refusal(at, millisSince(started), e.reason());
        } catch (IOException e) {
            call = WebhookCall.noAnswer(at, millisSince(started), address(context),
                    TransportFailures.describe(e, deadlinePassed.get(), timeout, target.getHost()));
        } finally {
            deadline.cancel(false);
        }
        return logged(messageId, target.getHost(), call);
    }

    private WebhookCall exchange(CloseableHttpClient client, HttpPost post, HttpClientContext context,
                                 Instant at, long started) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null, post, context);
        try {
            int status = response.getCode();
            ResponseSnippet snippet = ResponseSnippet.read(response.getEntity());
            if (!snippet.complete()) {
                // Closing would drain the rest for reuse; dropping the connection costs less.
                post.cancel();
            }
            return new WebhookCall(at, status, millisSince(started), address(context),
                    error(status, response, snippet.text()), retryAfter(status, response), false, snippet.text());
        } finally {
            Closer.closeQuietly(response);
        }
    }

    private static String error(int status, ClassicHttpResponse response, String snippet) {
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status >= 300 && status < 400) {
            Header location = response.getFirstHeader(HttpHeaders.LOCATION);
            return "HTTP " + status + ": redirects are not followed"
                    + (location == null ? "" : " (Location: " + shortened(location.getValue()) + ")");
        }
        return "HTTP " + status + (snippet == null ? "" : ": " + shortened(snippet));
    }

    private Duration retryAfter(int status, ClassicHttpResponse response) {
        if (status != 429 && status != 503) {
            return null;
        }
        Header header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        return header == null ? null : RetryAfter.parse(header.getValue(), clock.instant());
    }

    /** The address the request was written to, from the connection itself (also a reused one). */
    private static String address(HttpClientContext context) {
        EndpointDetails endpoint = context.getEndpointDetails();
        SocketAddress remote = endpoint == null ? null : endpoint.getRemoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return null;
    }

    private static String shortened(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_ERROR_DETAIL ? oneLine.substring(0, MAX_ERROR_DETAIL) + "…" : oneLine;
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /**
     * The URL's path and query may hold the receiver's own token, so only the host is logged; and not
     * what the receiver answered, which may echo the lead (personal data stays out of logs).
     */
    private static WebhookCall logged(String messageId, String host, WebhookCall call) {
        if (log.isDebugEnabled()) {
            log.debug("Webhook {} to {}: status {} in {} ms{}", messageId, host, call.status(), call.latencyMillis(),
                    call.error() == null ? "" : ", " + (call.status() > 0 ? "failed" : call.error()));
        }
        return call;
    }

    /** Closes the connections and stops the deadline thread; a call under way fails. */
    @PreDestroy
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        deadlines.shutdownNow();
        https.close(CloseMode.GRACEFUL);
        if (loopbackHttp != null) {
            loopbackHttp.close(CloseMode.GRACEFUL);
        }
    }
}
