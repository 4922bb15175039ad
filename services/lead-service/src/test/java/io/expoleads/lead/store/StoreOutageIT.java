package io.expoleads.lead.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.StoppableStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * lead-service while its store goes away and comes back: reads and writes answer 503 with
 * {@code Retry-After} within a few seconds (never 500, never a 30 s hang), health is DOWN, and once
 * the store is back everything answers again without a restart of the service. The store is a
 * mongo-java-server of this test's own, on its own port, stopped and started again keeping its data.
 */
class StoreOutageIT extends LeadServiceIT {

    private static final StoppableStore STORE = new StoppableStore();

    @TestConfiguration(proxyBeanMethods = false)
    static class OwnStore {

        @Bean
        @Primary
        MongoConnectionDetails outageStore() {
            return STORE.connectionDetails("leads-outage");
        }

        /** The store closed with the application context, not after this class: see StoppableStore. */
        @Bean
        DisposableBean outageStoreClosed() {
            return STORE::close;
        }
    }

    @Test
    void while_the_store_is_away_every_call_is_503_with_retry_after_and_the_service_resumes_on_its_own() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("OUT-1", "Youssef", true);
        String badge = badgeOf(attendee);
        assertThat(scan(exhibitor, "amine", UUID.randomUUID().toString(), badge).status()).isEqualTo(202);
        assertThat(health()).isEqualTo(200);

        STORE.stop();
        Instant stopped = Instant.now();
        HttpJson.Answer read = organizer.get("/api/editions/" + edition + "/attendees");
        Duration readTook = Duration.between(stopped, Instant.now());
        assertUnavailable(read);
        assertThat(readTook).as("answered within the server selection timeout, not the driver's 30 s").isLessThan(Duration.ofSeconds(10));
        assertUnavailable(organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", "OUT-2", "firstName", "Salma", "lastName", "Idrissi", "company", "Tanger Med",
                "email", "out-2@visitors.example", "shareContact", false)))));
        assertUnavailable(scan(exhibitor, "amine", UUID.randomUUID().toString(), badge));
        assertUnavailable(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads"));
        assertThat(health()).as("health DOWN").isEqualTo(503);
        assertThat(http.get("/actuator/health/readiness").status()).as("readiness DOWN").isEqualTo(503);
        assertThat(http.get("/actuator/health/liveness").status()).as("liveness UP: waited for, not restarted").isEqualTo(200);

        STORE.start();
        Instant restarted = Instant.now();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> health() == 200);
        assertThat(http.get("/actuator/health/readiness").status()).as("ready again").isEqualTo(200);
        Duration recovery = Duration.between(restarted, Instant.now());
        System.out.printf("Store stopped for %.1f s: lead-service healthy %.1f s after the store came back%n",
                Duration.between(stopped, restarted).toMillis() / 1000.0, recovery.toMillis() / 1000.0);
        assertThat(organizer.get("/api/editions/" + edition + "/attendees").status()).isEqualTo(200);
        HttpJson.Answer again = scan(exhibitor, "amine", UUID.randomUUID().toString(), badge);
        assertThat(again.status()).as(again.text()).isEqualTo(202);
        await().atMost(WAIT).until(() -> admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/stats").json()
                .get("totalScans").asInt() == 2);
    }

    private static void assertUnavailable(HttpJson.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.field("reason")).isEqualTo("STORE_UNAVAILABLE");
    }

    private int health() {
        return http.get("/actuator/health").status();
    }
}
