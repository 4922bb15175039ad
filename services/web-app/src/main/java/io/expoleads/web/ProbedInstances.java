package io.expoleads.web;

import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.loadbalancer.core.HealthCheckServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.web.client.RestClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The instances of one service that the web tier sends requests to, by their liveness probes.
 * <ul>
 * <li>An instance whose probe answers UP is in the rotation.</li>
 * <li>One whose probe answers anything else (DOWN is a 503), or whose port refuses or never takes the
 * connection, is out.</li>
 * <li>One that took the connection but did not answer within the probe's timeout is out while another
 * instance answers UP; when none does, requests go to the instances that did not answer in time.</li>
 * </ul>
 * The last rule is what keeps an overloaded service serving: its probe waits behind the requests it is
 * working through, so under a load above its capacity every instance's probe times out at once, and
 * dropping them all would turn a slow service into an outage (every request a 503, none of them even
 * tried). A hung instance still leaves the rotation as soon as one other instance answers its probe.
 */
final class ProbedInstances extends HealthCheckServiceInstanceListSupplier {

    private static final Logger log = LoggerFactory.getLogger(ProbedInstances.class);

    /** What an instance's last probe said. */
    enum Probe {
        UP, DOWN, NO_ANSWER_IN_TIME
    }

    private final Probes probes;
    private final AtomicBoolean servingTheSilent = new AtomicBoolean();

    private ProbedInstances(ServiceInstanceListSupplier instances, ReactiveLoadBalancer.Factory<ServiceInstance> balancers,
            Probes probes) {
        super(instances, balancers, probes::alive);
        this.probes = probes;
    }

    static ProbedInstances of(ServiceInstanceListSupplier instances, ReactiveLoadBalancer.Factory<ServiceInstance> balancers,
            RestClient probeClient) {
        return new ProbedInstances(instances, balancers, new Probes(probeClient));
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return super.get().map(this::orThoseThatDidNotAnswer);
    }

    private List<ServiceInstance> orThoseThatDidNotAnswer(List<ServiceInstance> up) {
        if (!up.isEmpty()) {
            if (servingTheSilent.compareAndSet(true, false)) {
                log.info("An instance of {} answers its liveness probe again; requests go to those that answer UP", getServiceId());
            }
            return up;
        }
        List<ServiceInstance> silent = probes.last.values().stream()
                .filter(probed -> probed.probe() == Probe.NO_ANSWER_IN_TIME).map(Probed::instance).toList();
        if (!silent.isEmpty() && servingTheSilent.compareAndSet(false, true)) {
            log.warn("No instance of {} answers its liveness probe UP; {} took the probe but did not answer in time "
                    + "(overloaded, or hung), so requests go to them rather than being refused", getServiceId(), silent.size());
        }
        return silent;
    }

    private record Probed(ServiceInstance instance, Probe probe) {
    }

    /** Asks an instance's probe and keeps what it said. */
    private static final class Probes {

        private final RestClient client;
        private final Map<String, Probed> last = new ConcurrentHashMap<>();

        Probes(RestClient client) {
            this.client = client;
        }

        Mono<Boolean> alive(ServiceInstance instance, String path) {
            return Mono.fromCallable(() -> {
                Probe probe = ask(instance, path);
                last.put(instance.getInstanceId(), new Probed(instance, probe));
                return probe == Probe.UP;
            });
        }

        private Probe ask(ServiceInstance instance, String path) {
            URI uri = URI.create(instance.getUri() + (path.startsWith("/") ? path : "/" + path));
            try {
                return client.get().uri(uri).retrieve().toBodilessEntity().getStatusCode().is2xxSuccessful() ? Probe.UP : Probe.DOWN;
            } catch (RuntimeException failure) {
                return tookTheConnectionButNotInTime(failure) ? Probe.NO_ANSWER_IN_TIME : Probe.DOWN;
            }
        }

        private static boolean tookTheConnectionButNotInTime(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof HttpConnectTimeoutException) {
                    return false;
                }
                if (cause instanceof HttpTimeoutException) {
                    return true;
                }
            }
            return false;
        }
    }
}
