package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The launcher as an orchestrator: a service killed with {@code kill -9} is started again and works. */
class ServiceRestartIT {

    static StackSettings settings;
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        settings = TestStacks.settings("restart");
        stack = LocalStack.start(settings);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void lead_service_killed_with_sigkill_is_restarted_healthy_and_takes_scans_again() throws Exception {
        DeviceBooth booth = DeviceBooth.open(stack.webUrl(), stack.organizerUsername(), stack.organizerPassword(), "restart.example", 3);
        long killed = stack.pidOf("lead-service");

        Instant kill = Instant.now();
        assertThat(ProcessHandle.of(killed).orElseThrow().destroyForcibly()).as("SIGKILL sent").isTrue();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> stack.pidOf("lead-service") != killed && healthy(stack.leadUrl()));
        Duration restart = Duration.between(kill, Instant.now());
        System.out.printf("lead-service killed with SIGKILL: healthy again %.1f s later%n", restart.toMillis() / 1000.0);

        // The web tier's balancer takes the new process back at its next probe (every 2 s); until then
        // it answers 503 with Retry-After, and a scanner sends the same scan again, as this does.
        String sameScan = HttpJson.json(booth.scan(1));
        HttpJson.Answer[] answered = new HttpJson.Answer[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            answered[0] = booth.device().post("/api/scans", sameScan);
            assertThat(answered[0].status()).as(answered[0].text()).isIn(202, 503);
            return answered[0].status() == 202;
        });
        HttpJson.Answer scan = answered[0];
        assertThat(scan.field("status")).isEqualTo("ACCEPTED");
        assertThat(Files.readString(settings.dataDir().resolve("logs").resolve("launcher.log")))
                .contains("lead-service (pid " + killed + ") stopped unexpectedly, exit code 137")
                .contains("lead-service is back");
    }

    private static boolean healthy(String url) {
        try {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (Exception notYet) {
            return false;
        }
    }
}
