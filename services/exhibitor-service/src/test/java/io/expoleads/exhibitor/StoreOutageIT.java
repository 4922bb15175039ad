package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.StoppableStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * exhibitor-service while its store is away: signing in (which reads the account before any
 * controller), reads and writes answer 503 with {@code Retry-After}, never 500; health and readiness are
 * DOWN (liveness stays UP),
 * then UP once the store is back, and sign-in works again without a restart.
 */
class StoreOutageIT extends ExhibitorServiceIT {

    private static final StoppableStore STORE = new StoppableStore();

    @TestConfiguration(proxyBeanMethods = false)
    static class OwnStore {

        @Bean
        @Primary
        MongoConnectionDetails outageStore() {
            return STORE.connectionDetails("exhibitors-outage");
        }

        /** The store closed with the application context, not after this class: see StoppableStore. */
        @Bean
        DisposableBean outageStoreClosed() {
            return STORE::close;
        }
    }

    @Test
    void sign_in_reads_and_writes_answer_503_with_retry_after_while_the_store_is_away() {
        assertThat(organizer.get("/api/editions").status()).isEqualTo(200);

        STORE.stop();
        try {
            assertUnavailable(anonymous.post("/api/auth/token", HttpJson.json(Map.of("username", "organizer",
                    "password", Onboarding.ORGANIZER_PASSWORD))));
            assertUnavailable(organizer.get("/api/editions"));
            assertUnavailable(organizer.post("/api/editions", HttpJson.json(Map.of("name", "Outage edition",
                    "venue", "OFEC", "startDate", "2026-11-24", "endDate", "2026-11-26"))));
            assertThat(anonymous.get("/actuator/health").status()).as("health DOWN").isEqualTo(503);
            // Not ready without its store, but alive: an orchestrator waits rather than restarting it.
            assertThat(anonymous.get("/actuator/health/readiness").status()).as("readiness DOWN").isEqualTo(503);
            assertThat(anonymous.get("/actuator/health/liveness").status()).as("liveness UP").isEqualTo(200);
        } finally {
            STORE.start();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> anonymous.get("/actuator/health").status() == 200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).as("ready again").isEqualTo(200);
        HttpJson signedIn = anonymous.signedIn("organizer", Onboarding.ORGANIZER_PASSWORD);
        assertThat(signedIn.post("/api/editions", HttpJson.json(Map.of("name", "After the outage",
                "venue", "OFEC", "startDate", "2026-11-24", "endDate", "2026-11-26"))).status()).isEqualTo(201);
    }

    private static void assertUnavailable(HttpJson.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.field("reason")).isEqualTo("STORE_UNAVAILABLE");
    }
}
