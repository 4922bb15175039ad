package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.NotificationServiceApplication;
import io.expoleads.notification.NotificationServiceIT;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.TestMailServer;
import io.expoleads.testsupport.TestTokens;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Two instances of notification-service: this test's context and a second one on the same
 * database and consumer groups, as a deployment of two.
 */
@TestPropertySource(properties = ExpoTestInfrastructure.INSTANCE_OF + "=" + TwoInstancesIT.DEPLOYMENT)
class TwoInstancesIT extends NotificationServiceIT {

    static final String DEPLOYMENT = "two-notification-instances";
    private static ConfigurableApplicationContext second;
    private static final int LEADS = 24;
    private static final int PER_DESTINATION = 2;

    @Value("${expo.kafka.consumer-group}")
    String consumerGroup;

    @BeforeEach
    void startTheSecondInstance() {
        if (second == null) {
            second = secondInstance();
        }
    }

    @AfterAll
    static void stopTheSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    /**
     * A burst of leads to one slow webhook: the receiver never answers more than
     * {@code expo.deliveries.per-destination} calls at once, over both instances. Both poll the queue
     * every 200 ms and find the due deliveries, so with limits per instance it would answer twice that.
     */
    @Test
    void one_destination_gets_at_most_its_limit_of_calls_at_once_over_two_instances() throws Exception {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        try (WebhookReceiver crm = new WebhookReceiver(secret)) {
            crm.answer(WebhookReceiver.Answer.status(204).after(Duration.ofMillis(400)));
            String exhibitor = knownExhibitor("en", "lanes@atlas.example");
            publishWebhooks(exhibitor, 1, List.of(new WebhookEndpoints.Endpoint("crm", crm.url("/lanes"),
                    List.of(new WebhookEndpoints.Secret(secret, null)))));
            await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 1);

            List<Map.Entry<String, String>> burst = new ArrayList<>();
            for (int i = 0; i < LEADS; i++) {
                LeadView lead = lead(exhibitor, UUID.randomUUID().toString(), "Visitor" + i, 4, List.of(), Map.of(), Instant.now());
                burst.add(Map.entry(exhibitor, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), EventTypes.LEAD_CAPTURED,
                        Instant.now(), edition, lead.leadId(), lead))));
            }
            Instant start = Instant.now();
            writer.sendAll(Topics.LEADS, burst);
            await().atMost(Duration.ofMinutes(2)).until(() -> webhookCallsSucceeded(exhibitor) >= LEADS);
            long took = Duration.between(start, Instant.now()).toMillis();

            assertThat(crm.received()).hasSize(LEADS).allMatch(call -> call.problem() == null);
            assertThat(crm.mostInFlight()).as("calls answered at once by the one destination").isEqualTo(PER_DESTINATION);
            List<Document> calls = mongo.getCollection("deliveries")
                    .find(new Document("exhibitorId", exhibitor).append("channel", "WEBHOOK")).into(new ArrayList<>());
            System.out.printf("Two instances, one webhook answering in 400 ms: %d calls in %d ms, at most %d at once (limit %d per destination)%n",
                    LEADS, took, crm.mostInFlight(), PER_DESTINATION);
            assertThat(calls).hasSize(LEADS);
        }
    }

    /** Both instances check for due digests every 300 ms: a period's digest goes out once. */
    @Test
    void a_digest_period_is_sent_once_whichever_instances_check_it() {
        String exhibitor = UUID.randomUUID().toString();
        String address = "digest-" + exhibitor + "@atlas.example";
        publishExhibitor(exhibitor, ExhibitorStatus.APPROVED, 3, "en",
                new NotificationSettings(List.of(address), "NONE", null, "HOURLY", null, "CSV"), address);
        await().atMost(WAIT).until(() -> routings.find(exhibitor).isPresent()
                && mongo.findById(exhibitor, Document.class, "digest_schedule") != null);
        for (int round = 1; round <= 3; round++) {
            String leadId = UUID.randomUUID().toString();
            publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
            await().atMost(WAIT).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(leadId)), "leads"));
            // The end of the period, as the clock would bring it.
            mongo.updateFirst(Query.query(Criteria.where("_id").is(exhibitor)), new Update().set("dueAt", Instant.now()), "digest_schedule");
            int sent = round;
            await().atMost(WAIT).until(() -> TestMailServer.messagesTo(address).size() >= sent);
            await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> TestMailServer.messagesTo(address).size() == sent);
        }
        assertThat(mongo.getCollection("deliveries").countDocuments(new Document("exhibitorId", exhibitor).append("kind", "DIGEST")))
                .isEqualTo(3);
        assertThat(mongo.getCollection("shedLock").countDocuments(new Document("_id", "digests"))).isEqualTo(1);
    }

    private ConfigurableApplicationContext secondInstance() {
        return new SpringApplicationBuilder(NotificationServiceApplication.class, ExpoTestInfrastructure.class).run(
                "--server.port=0", "--" + ExpoTestInfrastructure.INSTANCE_OF + "=" + DEPLOYMENT,
                // What the test framework gives this test's context, given here by hand.
                "--expo.kafka.consumer-group=" + consumerGroup, "--expo.auth.jwks-uri=" + TestTokens.get().jwksUri(),
                "--expo.privacy.key-encryption-key=" + ExpoTestInfrastructure.keyEncryptionKey(),
                "--spring.mail.host=localhost", "--spring.mail.port=" + TestMailServer.get().getSmtp().getPort(),
                // Retries on production's schedule, as in this test's context; the second instance runs on the
                // system's clock (no TestClock: an application of its own), and no test here waits for a retry.
                "--expo.deliveries.per-destination=" + PER_DESTINATION, "--expo.deliveries.poll=200ms",
                "--expo.digests.check-interval=300ms", "--expo.alerts.release-sweep=500ms",
                "--expo.webhooks.allow-loopback=true", "--expo.webhooks.timeout=2s");
    }

    private long webhookCallsSucceeded(String exhibitor) {
        return mongo.getCollection("deliveries").countDocuments(new Document("exhibitorId", exhibitor)
                .append("channel", "WEBHOOK").append("status", "SUCCEEDED"));
    }
}
