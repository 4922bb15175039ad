package io.expoleads.web;

import java.net.ConnectException;
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
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

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
 * <li>So is one whose probe answered UP, but after the probing interval: Spring Cloud cuts each probe
 * there and leaves the instance out of that round's list, while the answer (UP, late) is what this
 * class records. A round with no instance at all then serves those whose last answer was not DOWN.</li>
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
        // Under a load above the service's capacity every probe is slow: some time out (NO_ANSWER_IN_TIME),
        // others answer UP after the round has given up on them, which leaves the round empty although
        // the last answer recorded was UP. Neither is a refusal.
        List<ServiceInstance> notDown = probes.last.values().stream()
                .filter(probed -> probed.probe() != Probe.DOWN).map(Probed::instance).toList();
        if (!notDown.isEmpty() && servingTheSilent.compareAndSet(false, true)) {
            log.warn("No instance of {} answers its liveness probe UP in time; {} took the probe but answered late or not at all "
                    + "(overloaded, or hung), so requests go to them rather than being refused", getServiceId(), notDown.size());
        }
        return notDown;
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
                Answer answer = ask(instance, path);
                Probed before = last.put(instance.getInstanceId(), new Probed(instance, answer.probe()));
                told(instance, before == null ? null : before.probe(), answer);
                return answer.probe() == Probe.UP;
            });
        }

        /** What a probe said, and why when it was not UP (for the log: an operator's first question). */
        private record Answer(Probe probe, String why) {
        }

        private Answer ask(ServiceInstance instance, String path) {
            URI uri = URI.create(instance.getUri() + (path.startsWith("/") ? path : "/" + path));
            try {
                HttpStatusCode status = client.get().uri(uri).retrieve().toBodilessEntity().getStatusCode();
                return status.is2xxSuccessful() ? new Answer(Probe.UP, "UP") : new Answer(Probe.DOWN, "answered " + status.value());
            } catch (RestClientResponseException answered) {
                return new Answer(Probe.DOWN, "answered " + answered.getStatusCode().value());
            } catch (RuntimeException failure) {
                return answerTo(failure);
            }
        }

        /** A probe that failed: by the first cause that tells how far it got. */
        private static Answer answerTo(RuntimeException failure) {
            Throwable root = failure;
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof HttpConnectTimeoutException) {
                    return new Answer(Probe.DOWN, "the connection was not made in time");
                }
                if (cause instanceof HttpTimeoutException) {
                    return new Answer(Probe.NO_ANSWER_IN_TIME, "took the connection but did not answer in time");
                }
                if (cause instanceof ConnectException) {
                    return new Answer(Probe.DOWN, "the connection was refused");
                }
                root = cause;
            }
            return new Answer(Probe.DOWN, root.getClass().getSimpleName());
        }

        /** Each change of an instance's probe, once: the moment it leaves or rejoins the rotation, and why. */
        private static void told(ServiceInstance instance, Probe before, Answer now) {
            if (before == now.probe() || (before == null && now.probe() == Probe.UP)) {
                return;
            }
            if (now.probe() == Probe.UP) {
                log.info("Liveness probe of {} at {}: UP again (was {})", instance.getServiceId(), instance.getUri(), before);
            } else {
                log.warn("Liveness probe of {} at {}: {} ({})", instance.getServiceId(), instance.getUri(), now.probe(), now.why());
            }
        }
    }
}
