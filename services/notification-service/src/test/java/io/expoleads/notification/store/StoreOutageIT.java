package io.expoleads.notification.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.expoleads.notification.NotificationServiceIT;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.StoppableStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * notification-service while its store is away: the delivery log and a replay answer 503 with
 * {@code Retry-After}, never 500; health is DOWN, then UP once the store is back.
 */
class StoreOutageIT extends NotificationServiceIT {

    private static final StoppableStore STORE = new StoppableStore();

    @TestConfiguration(proxyBeanMethods = false)
    static class OwnStore {

        @Bean
        @Primary
        MongoConnectionDetails outageStore() {
            return STORE.connectionDetails("notifications-outage");
        }

        /** The store closed with the application context, not after this class: see StoppableStore. */
        @Bean
        DisposableBean outageStoreClosed() {
            return STORE::close;
        }
    }

    @Test
    void the_delivery_log_and_replays_answer_503_with_retry_after_while_the_store_is_away() {
        String exhibitor = knownExhibitor("en", "outage@atlas.example");
        HttpJson admin = admin(exhibitor);
        HttpJson anonymous = new HttpJson("http://localhost:" + port);
        assertThat(admin.get("/api/exhibitors/" + exhibitor + "/deliveries").status()).isEqualTo(200);

        STORE.stop();
        try {
            assertUnavailable(admin.get("/api/exhibitors/" + exhibitor + "/deliveries"));
            assertUnavailable(admin.post("/api/deliveries/" + UUID.randomUUID() + "/replay", null));
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
        assertThat(admin.get("/api/exhibitors/" + exhibitor + "/deliveries").status()).isEqualTo(200);
    }

    private static void assertUnavailable(HttpJson.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.field("reason")).isEqualTo("STORE_UNAVAILABLE");
    }
}
