package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LongSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.events.VisitorKey;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.NotificationServiceIT;
import io.expoleads.platform.privacy.VisitorKeys;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * How fast a burst of leads, published at once as an offline phone's uploaded queue is, reaches the
 * sales team (one email and one webhook call each), on the
 * test's real broker, store, SMTP server and HTTP receiver, all in this JVM on this machine. Prints
 * the figures; asserts only that everything arrived exactly once.
 */
class DeliveryThroughputIT extends NotificationServiceIT {

    /**
     * A large booth's offline queue. The delivery rate it prints is indicative; the benchmark
     * (issue 14) measures scan-to-inbox and scan-to-webhook latencies under load.
     */
    private static final int LEADS = 200;

    @Test
    void a_burst_of_leads_reaches_email_and_webhook_once_each() throws Exception {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        try (WebhookReceiver crm = new WebhookReceiver(secret)) {
            String exhibitor = knownExhibitor("en", "burst@atlas.example");
            publishWebhooks(exhibitor, 1, List.of(new WebhookEndpoints.Endpoint("crm", crm.url("/burst"),
                    List.of(new WebhookEndpoints.Secret(secret, null)))));
            await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 1);

            // The visitors' keys, published at their registration, long before the burst.
            List<LeadView> leads = new ArrayList<>();
            List<Map.Entry<String, String>> keys = new ArrayList<>();
            for (int i = 0; i < LEADS; i++) {
                LeadView lead = lead(exhibitor, UUID.randomUUID().toString(), "Visitor" + i, 4, List.of(), Map.of(), Instant.now());
                leads.add(lead);
                VisitorKey key = leadServiceKeys.issue(lead.attendee().attendeeId(), edition);
                keys.add(Map.entry(key.attendeeId(), json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                        EventTypes.VISITOR_KEY_ISSUED, key.createdAt(), edition, key.attendeeId(), key))));
            }
            writer.sendAll(Topics.VISITOR_KEYS, keys);
            List<String> visitors = keys.stream().map(Map.Entry::getKey).toList();
            await().atMost(WAIT).until(() -> mongo.getCollection(VisitorKeys.COLLECTION)
                    .countDocuments(new Document("_id", new Document("$in", visitors))) == LEADS);
            // As lead-service relays the leads of an offline phone's queue: all at once, each sealed under its visitor's key.
            List<Map.Entry<String, String>> burst = new ArrayList<>();
            for (LeadView lead : leads) {
                burst.add(Map.entry(exhibitor, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), EventTypes.LEAD_CAPTURED,
                        Instant.now(), edition, lead.leadId(), leadServiceSeal.seal(lead)))));
            }
            Instant start = Instant.now();
            writer.sendAll(Topics.LEADS, burst);
            long published = Duration.between(start, Instant.now()).toMillis();
            await().atMost(Duration.ofMinutes(3)).until(() -> crm.received().size() >= LEADS && succeeded(exhibitor) >= 2L * LEADS);
            Duration took = Duration.between(start, Instant.now());
            System.out.printf("Burst of %d leads: %d emails + %d webhook calls delivered in %d ms (%.0f deliveries/s)%n", LEADS,
                    emailsTo("burst@atlas.example"), crm.received().size(), took.toMillis(), 2.0 * LEADS * 1000 / took.toMillis());
            System.out.printf("  published at once in %d ms%n", published);
            printTimings(exhibitor, "EMAIL", start);
            printTimings(exhibitor, "WEBHOOK", start);
            assertThat(crm.received()).hasSize(LEADS).allMatch(call -> call.problem() == null);
            assertThat(crm.received().stream().map(call -> call.header("webhook-id")).distinct().count()).isEqualTo(LEADS);
            assertThat(emailsTo("burst@atlas.example")).isEqualTo(LEADS);
        }
    }

    /** Per channel: how long an attempt took, how long a delivery waited for it, and how fast the listener opened them. */
    private void printTimings(String exhibitor, String channel, Instant start) {
        List<Document> done = mongo.getCollection("deliveries").find(new Document("exhibitorId", exhibitor).append("channel", channel))
                .into(new ArrayList<>());
        double attempt = done.stream().mapToLong(delivery -> delivery.getList("history", Document.class).get(0)
                .get("latencyMillis", Number.class).longValue()).average().orElse(0);
        LongSummaryStatistics waited = done.stream()
                .mapToLong(delivery -> delivery.getDate("lastAttemptAt").getTime() - delivery.getDate("createdAt").getTime()).summaryStatistics();
        LongSummaryStatistics opened = done.stream().mapToLong(delivery -> delivery.getDate("createdAt").getTime()).summaryStatistics();
        System.out.printf("  %s: attempt %.1f ms on average; opened to attempted %.0f ms on average, %d ms at most;"
                        + " opened by the listener over %d ms, from %d ms after the first event%n", channel, attempt, waited.getAverage(),
                waited.getMax(), opened.getMax() - opened.getMin(), opened.getMin() - start.toEpochMilli());
    }

    private long succeeded(String exhibitor) {
        return mongo.getCollection("deliveries").countDocuments(new Document("exhibitorId", exhibitor).append("status", "SUCCEEDED"));
    }

    private static long emailsTo(String address) {
        return io.expoleads.testsupport.TestMailServer.messagesTo(address).size();
    }
}
