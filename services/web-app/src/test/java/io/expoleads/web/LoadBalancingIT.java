package io.expoleads.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web tier in front of two instances of lead-service: it spreads requests over both while
 * both pass their liveness probe, and sends everything to the other within seconds when one
 * fails its probe or stops answering at all. An instance whose probe does not answer in time is
 * out while the other answers UP, and takes the requests when nothing else can.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class LoadBalancingIT {

    static final ApiProxyIT.Stub FIRST = new ApiProxyIT.Stub("lead-service-1");
    static final ApiProxyIT.Stub SECOND = new ApiProxyIT.Stub("lead-service-2");
    static final ApiProxyIT.Stub EXHIBITOR = new ApiProxyIT.Stub("exhibitor-service");
    static final ApiProxyIT.Stub NOTIFICATION = new ApiProxyIT.Stub("notification-service");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("expo.services.exhibitor", EXHIBITOR::url);
        registry.add("expo.services.lead", () -> FIRST.url() + ", " + SECOND.url());
        registry.add("expo.services.notification", NOTIFICATION::url);
        registry.add("expo.services.health-check-timeout", () -> "1s");
    }

    @AfterAll
    static void stop() {
        SECOND.server.stop(0);
        EXHIBITOR.server.stop(0);
        NOTIFICATION.server.stop(0);
    }

    @BeforeEach
    void bothInstancesInRotation() {
        FIRST.alive = true;
        SECOND.alive = true;
        FIRST.probeMillis = 0;
        SECOND.probeMillis = 0;
        await().atMost(Duration.ofSeconds(15)).until(() -> servedBy(20).keySet().size() == 2);
    }

    @Test
    @Order(1)
    void requests_are_spread_over_the_healthy_instances() throws Exception {
        Map<String, Integer> served = servedBy(40);
        assertThat(served).containsOnlyKeys("lead-service-1", "lead-service-2");
        // Round-robin: neither instance takes the whole load.
        assertThat(served.values()).allSatisfy(count -> assertThat(count).isBetween(10, 30));
        // Live streams are relayed apart from the gateway (LiveStreamProxy), by the same load balancer.
        Map<String, Integer> streams = streamsServedBy(40);
        assertThat(streams).containsOnlyKeys("lead-service-1", "lead-service-2");
        assertThat(streams.values()).allSatisfy(count -> assertThat(count).isBetween(10, 30));
    }

    @Test
    @Order(2)
    void an_instance_failing_its_probe_leaves_the_rotation_and_comes_back(CapturedOutput log) throws Exception {
        FIRST.alive = false;
        await().atMost(Duration.ofSeconds(15)).until(() -> servedBy(20).keySet().equals(Set.of("lead-service-2")));
        // The operator reads when and why an instance left the rotation (the round's list can be out
        // before the probe that left it out is recorded: awaited).
        await().atMost(Duration.ofSeconds(15)).until(() -> log.getOut().contains("Liveness probe of lead-service at " + FIRST.url() + ": DOWN (answered 503)"));
        // None left: the web tier says so itself, and when to try again.
        SECOND.alive = false;
        await().atMost(Duration.ofSeconds(15)).until(() -> servedBy(5).equals(Map.of("503 retry-after=2 SERVICE_UNAVAILABLE", 5)));
        assertThat(streamsServedBy(5)).isEqualTo(Map.of("503 retry-after=2 SERVICE_UNAVAILABLE", 5));
        FIRST.alive = true;
        SECOND.alive = true;
        FIRST.probeMillis = 0;
        SECOND.probeMillis = 0;
        await().atMost(Duration.ofSeconds(15)).until(() -> servedBy(20).keySet().size() == 2);
        await().atMost(Duration.ofSeconds(15)).until(() -> log.getOut().contains("Liveness probe of lead-service at " + FIRST.url() + ": UP again (was DOWN)"));
    }

    @Test
    @Order(3)
    void an_instance_whose_probe_does_not_answer_in_time_serves_only_when_no_other_answers_up(CapturedOutput log) throws Exception {
        // The second instance's probe waits longer than the web tier does (3 s, the timeout is 1 s), as an
        // overloaded service's probe waits behind its requests.
        SECOND.probeMillis = 3_000;
        await().atMost(Duration.ofSeconds(15)).until(() -> servedBy(20).equals(Map.of("lead-service-1", 20)));
        await().atMost(Duration.ofSeconds(15)).until(() -> log.getOut().contains("Liveness probe of lead-service at " + SECOND.url()
                + ": NO_ANSWER_IN_TIME (took the connection but did not answer in time)"));
        // The other one fails its probe: rather than refusing every request, the web tier sends them to
        // the instance that took its probe but was slow to answer.
        FIRST.alive = false;
        await().atMost(Duration.ofSeconds(15)).until(() -> servedBy(20).equals(Map.of("lead-service-2", 20)));
        // Back: the slow one leaves the rotation again.
        FIRST.alive = true;
        await().atMost(Duration.ofSeconds(15)).until(() -> servedBy(20).equals(Map.of("lead-service-1", 20)));
    }

    @Test
    @Order(4)
    void an_instance_that_stops_answering_is_no_longer_chosen(CapturedOutput log) throws Exception {
        // Last of the class: the first instance stays down for good. Until the next probe notices,
        // requests sent to its address get a 503 with Retry-After (never a 500): the client tries
        // again; after that every request reaches the other instance.
        String first = FIRST.url();
        FIRST.server.stop(0);
        Map<String, Integer> served = servedBy(40);
        assertThat(served.keySet()).allSatisfy(by -> assertThat(by).matches("lead-service-2|503 retry-after=2 SERVICE_UNAVAILABLE"));
        Map<String, Integer> streams = streamsServedBy(40);
        assertThat(streams.keySet()).allSatisfy(by -> assertThat(by).matches("lead-service-2|503 retry-after=2 SERVICE_UNAVAILABLE"));
        // Those relayed have ended, and those that never reached an instance were never counted.
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(meters.get("expo.web.streams.open").gauge().value()).as("streams the web tier relays").isZero());
        await().atMost(Duration.ofSeconds(15)).until(() -> servedBy(20).equals(Map.of("lead-service-2", 20)));
        await().atMost(Duration.ofSeconds(15)).until(() -> log.getOut().contains("Liveness probe of lead-service at " + first + ": DOWN (the connection was refused)"));
    }

    /** Who answered each of {@code requests} scans, by the stand-in's name, or the failure's status and reason. */
    private Map<String, Integer> servedBy(int requests) throws Exception {
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            served.merge(by(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/scans"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(),
                    HttpResponse.BodyHandlers.ofString())), 1, Integer::sum);
        }
        return served;
    }

    /** The same for live streams asked for (the stand-in answers them as any call, and ends them). */
    private Map<String, Integer> streamsServedBy(int requests) throws Exception {
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            served.merge(by(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/exhibitors/x-" + i + "/leads/events"))
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())),
                    1, Integer::sum);
        }
        return served;
    }

    private static String by(HttpResponse<String> answer) {
        return answer.statusCode() == 202 ? answer.headers().firstValue("X-Served-By").orElse("unnamed")
                : answer.statusCode() + " retry-after=" + answer.headers().firstValue("Retry-After").orElse("")
                + (answer.body().contains("\"reason\":\"SERVICE_UNAVAILABLE\"") ? " SERVICE_UNAVAILABLE" : " " + answer.body());
    }
}
