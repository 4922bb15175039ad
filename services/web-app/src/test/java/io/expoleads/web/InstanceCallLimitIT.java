package io.expoleads.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web tier gives one service instance at most {@code expo.services.max-calls-per-instance} of
 * its calls at once (3 here): one more is answered 503 SERVICE_BUSY with Retry-After at once, while
 * calls to other services go through; open live streams are not calls under way; every permit comes
 * back when its request ends, however it ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InstanceCallLimitIT {

    static final ApiProxyIT.Stubs STUBS = ApiProxyIT.Stubs.start();
    static final ApiProxyIT.Stub LEAD = STUBS.lead();
    static final int LIMIT = 3;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        STUBS.register(registry);
        registry.add("expo.services.max-calls-per-instance", () -> LIMIT);
    }

    @AfterAll
    static void stop() {
        LEAD.heldStreams.countDown();
        STUBS.stop();
    }

    @Test
    void an_instance_with_all_its_calls_under_way_is_answered_busy_at_once_and_takes_calls_again_after() throws Exception {
        // Open live streams first, more than the limit: once open, a stream is not a call under way.
        List<InputStream> streams = new ArrayList<>();
        for (int i = 0; i < LIMIT + 2; i++) {
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/exhibitors/e1/leads/events?stream=held")).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(new String(stream.body().readNBytes("event: ready".length()), StandardCharsets.UTF_8)).isEqualTo("event: ready");
            streams.add(stream.body());
        }
        CountDownLatch release = new CountDownLatch(1);
        LEAD.heldCalls = release;
        LEAD.callsHeld.set(0);
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            held.add(http.sendAsync(scan("/api/scans?hold=call"), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> LEAD.callsHeld.get() == LIMIT);

        long before = System.nanoTime();
        HttpResponse<String> refused = http.send(scan("/api/scans"), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"reason\":\"SERVICE_BUSY\"").contains("\"status\":503");
        // Answered by the web tier itself, not after waiting for the instance.
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(LEAD.callsHeld.get()).isEqualTo(LIMIT);

        // Another service's instance has its own calls.
        HttpResponse<String> other = http.send(scan("/api/editions"), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(202);
        assertThat(other.headers().firstValue("X-Served-By")).hasValue("exhibitor-service");

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> call : held) {
            assertThat(call.get().statusCode()).isEqualTo(202);
            assertThat(call.get().body()).isEqualTo("held");
        }
        // Every permit came back (a request's ends just after its client has the answer): as many calls
        // again, one after another and then at once, all go through.
        await().atMost(Duration.ofSeconds(5)).until(() -> leadCallsInFlight().equals("0.0"));
        for (int i = 0; i < 2 * LIMIT; i++) {
            assertThat(http.send(scan("/api/scans"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> leadCallsInFlight().equals("0.0"));
        List<CompletableFuture<HttpResponse<String>>> together = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            together.add(http.sendAsync(scan("/api/scans"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : together) {
            assertThat(call.get().statusCode()).isEqualTo(202);
        }
        for (InputStream stream : streams) {
            stream.close();
        }

        assertThat(metrics()).containsPattern("expo_web_calls_refused_total\\{[^}]*service=\"lead-service\"[^}]*} 1\\.0");
        // Each configured service's counter is there from the start, at 0 until a call to it is refused.
        assertThat(metrics()).containsPattern("expo_web_calls_refused_total\\{[^}]*service=\"notification-service\"[^}]*} 0\\.0");
        await().atMost(Duration.ofSeconds(5)).until(() -> leadCallsInFlight().equals("0.0"));
    }

    @Test
    void calls_that_ended_in_a_problem_or_a_broken_connection_give_their_permits_back() throws Exception {
        // Twice the limit of calls the instance refused (422) and of calls it cut off (503 from the web
        // tier itself), then as many ordinary calls: all reach the instance.
        for (int i = 0; i < 2 * LIMIT; i++) {
            HttpResponse<String> cut = http.send(scan("/api/scans?fail=abort"), HttpResponse.BodyHandlers.ofString());
            assertThat(cut.statusCode()).isEqualTo(503);
            assertThat(cut.body()).contains("\"reason\":\"SERVICE_UNAVAILABLE\"");
            HttpResponse<String> problem = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/scans"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"problem\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(problem.statusCode()).isEqualTo(422);
        }
        for (int i = 0; i < 2 * LIMIT; i++) {
            assertThat(http.send(scan("/api/scans"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        }
    }

    private String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The gauge of lead-service's calls under way, as Prometheus reads it. */
    private String leadCallsInFlight() throws Exception {
        java.util.regex.Matcher gauge = java.util.regex.Pattern.compile("expo_web_calls_in_flight\\{[^}]*service=\"lead-service\"[^}]*} (\\S+)")
                .matcher(metrics());
        return gauge.find() ? gauge.group(1) : "absent";
    }

    private HttpRequest scan(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build();
    }
}
