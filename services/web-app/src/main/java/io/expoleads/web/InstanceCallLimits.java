package io.expoleads.web;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.gateway.server.mvc.config.GatewayMvcProperties;
import org.springframework.cloud.gateway.server.mvc.handler.ProxyExchange;
import org.springframework.cloud.gateway.server.mvc.handler.RestClientProxyExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.client.RestClient;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * How many of this web tier's calls one service instance has at once: at most
 * {@code expo.services.max-calls-per-instance} (200, Tomcat's request threads of a service on Java 17;
 * lead-service works on 64 of them at once and queues the rest).
 * One more is answered at once, 503 with {@code Retry-After} and the reason {@code SERVICE_BUSY}:
 * the scanner keeps the scan queued and sends it again, as after any 503, and a caller learns in
 * milliseconds what it would otherwise learn from a timeout.
 *
 * <p>Without the limit an instance that fell behind held every request the web tier took until it
 * answered: in the benchmark at 200 scans/s (more than lead-service takes on two cores) the web tier
 * held 1,800 connections and 1,000 busy threads, filled its 256 MB heap with their buffers, and then
 * answered nothing at all for minutes (OutOfMemoryError in every thread). With it, what the web tier
 * holds is bounded by the instances it calls, whatever the load.
 *
 * <p>A call's permit is held until the request it proxies ends, its answer's body copied to the
 * client included, and given back then whatever happened ({@link Release}); a live stream's (an
 * answer of type {@code text/event-stream}) as soon as the service has answered: a stream is open
 * for as long as its dashboard is, lead-service bounds them per account, and counting them would let
 * open dashboards shut out the scans.
 */
@Configuration(proxyBeanMethods = false)
class InstanceCallLimits {

    /** The request attribute holding the permit of the call a request made. */
    static final String PERMIT = InstanceCallLimits.class.getName() + ".permit";

    /** In place of the gateway's own proxy exchange (which it builds only when there is none). */
    @Bean
    ProxyExchange limitedProxyExchange(RestClient.Builder restClients, GatewayMvcProperties gateway, ServicesProperties services,
                                       ServiceInstances instances, MeterRegistry meters) {
        return new Limited(new RestClientProxyExchange(restClients.build(), gateway), services.maxCallsPerInstance(),
                instances, meters);
    }

    /** First in the chain, so that it sees the request end after everything else. */
    @Bean
    FilterRegistrationBean<Release> instanceCallRelease() {
        FilterRegistrationBean<Release> registration = new FilterRegistrationBean<>(new Release());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    static final class Limited implements ProxyExchange {

        private final ProxyExchange proxy;
        private final int perInstance;
        private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
        /** Filled once, when the web tier starts: the instances configured. */
        private final Map<String, ServiceInstance> instanceByAuthority = new HashMap<>();
        private final Map<String, Counter> refusedByService = new ConcurrentHashMap<>();
        private final MeterRegistry meters;

        Limited(ProxyExchange proxy, int perInstance, ServiceInstances instances, MeterRegistry meters) {
            this.proxy = proxy;
            this.perInstance = perInstance;
            this.meters = meters;
            // Every configured service's counter and instance's gauge from the start, at 0: the alert's
            // rate() and the dashboards read them before the first call is refused.
            for (String service : instances.getServices()) {
                refusedOf(service);
                for (ServiceInstance instance : instances.getInstances(service)) {
                    String authority = instance.getUri().getRawAuthority();
                    instanceByAuthority.put(authority, instance);
                    permits.computeIfAbsent(authority, this::limitOf);
                }
            }
        }

        @Override
        public ServerResponse exchange(Request request) {
            String authority = request.getUri().getRawAuthority();
            Semaphore instance = permits.computeIfAbsent(authority, this::limitOf);
            HttpServletRequest servletRequest = request.getServerRequest().servletRequest();
            Release.now(servletRequest);
            if (!instance.tryAcquire()) {
                refusedOf(serviceOf(authority)).increment();
                return busy();
            }
            servletRequest.setAttribute(PERMIT, instance);
            ServerResponse answer = proxy.exchange(request);
            MediaType type = answer.headers().getContentType();
            if (type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type)) {
                // A live stream, open for as long as its dashboard is: not a call under way.
                Release.now(servletRequest);
            }
            return answer;
        }

        private Counter refusedOf(String service) {
            return refusedByService.computeIfAbsent(service, named -> Counter.builder("expo.web.calls.refused")
                    .description("Calls the web tier answered 503 SERVICE_BUSY itself: the instance chosen had as many as it may")
                    .tag("service", named).register(meters));
        }

        private Semaphore limitOf(String authority) {
            Semaphore permitsOfInstance = new Semaphore(perInstance);
            Gauge.builder("expo.web.calls.in.flight", permitsOfInstance, held -> perInstance - held.availablePermits())
                    .description("The web tier's calls to one service instance under way (live streams aside)")
                    .tag("service", serviceOf(authority)).tag("instance", instanceOf(authority)).register(meters);
            return permitsOfInstance;
        }

        private String serviceOf(String authority) {
            ServiceInstance instance = instanceByAuthority.get(authority);
            return instance == null ? "other" : instance.getServiceId();
        }

        /** The instance's name from the configuration's order ({@code lead-service-2}): a tag holds no address. */
        private String instanceOf(String authority) {
            ServiceInstance instance = instanceByAuthority.get(authority);
            return instance == null ? "other" : instance.getInstanceId();
        }

        private static ServerResponse busy() {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "The service is taking as many requests as it can; try again shortly.");
            problem.setProperty("reason", "SERVICE_BUSY");
            return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, UnreachableService.RETRY_AFTER_SECONDS)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
    }

    /** Gives a request's call permit back when the request ends, however it ends. */
    static final class Release extends OncePerRequestFilter {

        static void now(HttpServletRequest request) {
            Object permit = request.getAttribute(PERMIT);
            if (permit != null) {
                request.removeAttribute(PERMIT);
                ((Semaphore) permit).release();
            }
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            try {
                chain.doFilter(request, response);
            } finally {
                now(request);
            }
        }
    }
}
