package io.expoleads.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * An exhibitor's live lead stream (server-sent events, open for as long as a dashboard or a booth's
 * phone is), proxied without holding a request thread. The gateway's proxy copies an answer on the
 * thread that took the request: on Java 17 (no virtual threads) each open stream held one of the web
 * tier's request threads for its whole life, so the web tier needed a thousand of them for a fair's
 * dashboards, and under load it kept that many, each with its stack (927 threads, 444 MiB resident at
 * 200 scans/s beside 200 open streams in the benchmark). Here the request is taken asynchronously: its
 * thread goes back to Tomcat at once, the service is called with the JDK's non-blocking client, and
 * each part of its answer is written to the browser as it arrives, on the client's own threads.
 *
 * <p>As the gateway does for every other call: the instance is the load balancer's choice (the
 * health-checked round robin of {@link ServiceBalancing}); the browser's headers go along but for
 * hop-by-hop and forwarding ones, with the browser's address as {@code X-Forwarded-For}
 * ({@link ClientAddress}) and the trace's context; the service's answer, whatever its status, comes back
 * with its headers and its body as the service wrote it; no instance, or none reachable, is a 503
 * problem, an answer not begun in time a 504 ({@link UnreachableService}). A stream the browser leaves
 * is ended towards the service at the next write (lead-service's heartbeats make one within seconds),
 * and a stream the service ends is ended towards the browser, which reconnects. Streams are not calls
 * under way ({@link InstanceCallLimits}): lead-service bounds them per account.
 *
 * <p>Its route comes before the gateway's (whose {@code lead-service} route would match the path too).
 * A relayed stream has no time limit of its own ({@code spring.mvc.async.request-timeout}: -1): the
 * service ends it, lead-service when the caller's access token expires.
 */
@Configuration(proxyBeanMethods = false)
class LiveStreamProxy {

    /** Never forwarded either way: they describe one connection, not the request (RFC 9110, 7.6.1). */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length", "expect");
    /** How long the service may take to begin its answer (a stream's headers come at once). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final LoadBalancerClient instances;
    private final HttpClient http;
    private final Tracer tracer;
    private final Propagator propagator;
    private final AtomicInteger open = new AtomicInteger();

    LiveStreamProxy(LoadBalancerClient instances, ServicesProperties services, ObjectProvider<Tracer> tracer,
                    ObjectProvider<Propagator> propagator, MeterRegistry meters) {
        this.instances = instances;
        // HTTP/1.1 as the gateway's calls: a stream is one connection, closed when either side leaves.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(services.healthCheckTimeout()).build();
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.propagator = propagator.getIfAvailable(() -> Propagator.NOOP);
        Gauge.builder("expo.web.streams.open", open, AtomicInteger::get)
                .description("Live streams the web tier relays from the services, each holding no request thread")
                .register(meters);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> liveStreamRoutes() {
        return RouterFunctions.route(RequestPredicates.GET("/api/exhibitors/{exhibitorId}/leads/events"),
                request -> relay("lead-service", request));
    }

    private ServerResponse relay(String service, ServerRequest request) {
        ServiceInstance instance = instances.choose(service);
        if (instance == null) {
            throw new HttpServerErrorException(HttpStatus.SERVICE_UNAVAILABLE, "no instance of " + service);
        }
        String query = request.servletRequest().getQueryString();
        URI target = URI.create(instance.getUri() + request.servletRequest().getRequestURI() + (query == null ? "" : "?" + query));
        HttpRequest.Builder call = HttpRequest.newBuilder(target).timeout(ANSWER_TIMEOUT).GET();
        request.headers().asHttpHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !ClientAddress.isForwarding(lower)) {
                for (String value : values) {
                    try {
                        call.header(name, value);
                    } catch (IllegalArgumentException restricted) {
                        // One the JDK's client sets itself, or a malformed one: not passed on.
                    }
                }
            }
        });
        call.header("X-Forwarded-For", request.servletRequest().getRemoteAddr());
        Span span = tracer.currentSpan();
        if (span != null) {
            propagator.inject(span.context(), call, HttpRequest.Builder::setHeader);
        }

        Relay relay = new Relay();
        CompletableFuture<ServerResponse> begun = new CompletableFuture<>();
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(call.build(), answer -> {
            relay.begin();
            begun.complete(ServerResponse.status(answer.statusCode()).headers(headers -> headers.addAll(answerHeaders(answer.headers())))
                    .stream(relay::attach));
            return HttpResponse.BodySubscribers.fromSubscriber(relay);
        });
        exchange.whenComplete((ended, failure) -> {
            if (failure != null) {
                begun.completeExceptionally(new ResourceAccessException("Live stream from " + service + " failed: " + failure,
                        failure instanceof IOException io ? io : new IOException(failure)));
            }
        });
        begun.whenComplete((answer, failure) -> {
            if (failure != null) {
                // The service could not be reached or did not begin in time: nobody to relay from.
                exchange.cancel(true);
                relay.cancel();
            }
        });
        // Spring does not cancel the answer when the browser leaves first, and does not write a stream's
        // body when it answers 304 itself: a relay the browser's side never reached is ended.
        CompletableFuture.delayedExecutor(ANSWER_TIMEOUT.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)
                .execute(relay::cancelUnlessAttached);
        return ServerResponse.async(begun, ANSWER_TIMEOUT.plusSeconds(5));
    }

    private static HttpHeaders answerHeaders(java.net.http.HttpHeaders from) {
        HttpHeaders headers = new HttpHeaders();
        from.map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.addAll(name, values);
            }
        });
        return headers;
    }

    /**
     * Writes each part of the service's answer to the browser as it arrives, one at a time, from when
     * both sides are there: the service's body ({@link #onSubscribe}) and the browser's response
     * ({@link #attach}, once Spring writes the answer).
     */
    private final class Relay implements Flow.Subscriber<List<ByteBuffer>> {

        private static final int NEW = 0;
        private static final int OPEN = 1;
        private static final int ENDED = 2;

        private final AtomicInteger state = new AtomicInteger(NEW);
        private final AtomicInteger sides = new AtomicInteger();
        private volatile Flow.Subscription subscription;
        private volatile ServerResponse.StreamBuilder browser;

        /** The service began its answer: from now on the stream is open until one side ends it. */
        void begin() {
            if (state.compareAndSet(NEW, OPEN)) {
                open.incrementAndGet();
            }
        }

        void cancelUnlessAttached() {
            if (browser == null) {
                cancel();
            }
        }

        void attach(ServerResponse.StreamBuilder browser) {
            this.browser = browser;
            browser.onComplete(this::cancel).onError(failure -> cancel()).onTimeout(this::cancel);
            bothThere();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bothThere();
        }

        private void bothThere() {
            if (sides.incrementAndGet() == 2) {
                if (state.get() == ENDED) {
                    subscription.cancel();
                    browser.complete();
                } else {
                    subscription.request(1);
                }
            }
        }

        @Override
        public void onNext(List<ByteBuffer> parts) {
            int size = 0;
            for (ByteBuffer part : parts) {
                size += part.remaining();
            }
            byte[] bytes = new byte[size];
            int at = 0;
            for (ByteBuffer part : parts) {
                int length = part.remaining();
                part.get(bytes, at, length);
                at += length;
            }
            try {
                browser.write(bytes).flush();
                subscription.request(1);
            } catch (IOException | RuntimeException browserGone) {
                // The browser left (or its side was completed meanwhile): end the service's side too.
                cancel();
            }
        }

        @Override
        public void onError(Throwable failure) {
            // The service went away mid-stream: the browser's EventSource connects again.
            onComplete();
        }

        @Override
        public void onComplete() {
            end();
            ServerResponse.StreamBuilder current = browser;
            if (current != null) {
                current.complete();
            }
        }

        /** Ends the service's side: the client closes the connection, which the service sees at its next write. */
        void cancel() {
            end();
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        /** Once, whichever side ends first; counted only if it had begun. */
        private void end() {
            if (state.getAndSet(ENDED) == OPEN) {
                open.decrementAndGet();
            }
        }
    }
}
