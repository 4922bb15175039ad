package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.NotificationServiceIT;
import org.bson.Document;
import io.expoleads.notification.NotificationServiceApplication;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.TestMailServer;
import io.expoleads.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Fault 4 of the fault suite, on one service: a webhook receiver that takes calls in and never
 * answers while it hangs delays no other exhibitor's webhooks beyond their normal latency, and its
 * own leads reach it once it answers again, each once. The normal latency is measured first, with
 * the same burst of leads for the same eight exhibitors (each with a sales email and a CRM webhook).
 * Attempts time out after 2 s here (10 s in production) and the hang lasts 15 s (60 s in the
 * fault suite): six or more timeouts' worth either way. (It lasted 20 s; the others' webhooks were
 * all in 3 s after it began in a CI run, 7 s in a run of this class alone, its context cold.) Retries come every 200 ms to 2 s for 10 minutes, in
 * real time rather than on the tests' TestClock: the second instance is an application of its own on
 * the system's clock, which no test can move, and the hang lasts as long as it lasts.
 * Two instances of the service share the work, as in the fault suite's cluster: this test's context
 * and a second one on the same database and consumer groups.
 */
// The same properties, in the same order, as SmtpOutageIT's (the mail timeouts are its own): one
// application context for both, as the test framework caches a context per set of properties.
@TestPropertySource(properties = {"expo.deliveries.initial-delay=200ms", "expo.deliveries.max-delay=2s", "expo.deliveries.retry-window=10m",
        "spring.mail.properties[mail.smtp.connectiontimeout]=1000", "spring.mail.properties[mail.smtp.timeout]=2000",
        "spring.mail.properties[mail.smtp.writetimeout]=2000", ExpoTestInfrastructure.INSTANCE_OF + "=" + NotificationServiceIT.REAL_TIME_DEPLOYMENT})
class HungReceiverIsolationIT extends NotificationServiceIT {

    private static ConfigurableApplicationContext second;

    @Value("${expo.kafka.consumer-group}")
    String consumerGroup;

    @BeforeEach
    void startTheSecondInstance() {
        if (second == null) {
            second = new SpringApplicationBuilder(NotificationServiceApplication.class, ExpoTestInfrastructure.class).run(
                    "--server.port=0", "--" + ExpoTestInfrastructure.INSTANCE_OF + "=" + REAL_TIME_DEPLOYMENT,
                    // What the test framework gives this test's context, given here by hand.
                    "--expo.kafka.consumer-group=" + consumerGroup, "--expo.auth.jwks-uri=" + TestTokens.get().jwksUri(),
                    "--expo.privacy.key-encryption-key=" + ExpoTestInfrastructure.keyEncryptionKey(),
                    "--spring.mail.host=localhost", "--spring.mail.port=" + TestMailServer.get().getSmtp().getPort(),
                    "--expo.deliveries.poll=200ms", "--expo.deliveries.initial-delay=200ms", "--expo.deliveries.max-delay=2s",
                    "--expo.deliveries.retry-window=10m", "--expo.digests.check-interval=300ms", "--expo.alerts.release-sweep=500ms",
                    "--expo.webhooks.allow-loopback=true", "--expo.webhooks.timeout=2s");
        }
    }

    @AfterAll
    static void stopTheSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    private static final int EXHIBITORS = 8;
    private static final int LEADS_EACH = 25;
    private static final Duration HANG = Duration.ofSeconds(15);

    private final List<String> exhibitors = new ArrayList<>();
    private final List<WebhookReceiver> crms = new ArrayList<>();
    /** When each lead's event was published: a webhook's latency starts there. */
    private final Map<String, Instant> published = new HashMap<>();

    @AfterEach
    void closeReceivers() {
        crms.forEach(WebhookReceiver::close);
    }

    @Test
    void a_receiver_that_hangs_delays_only_its_own_webhooks_which_arrive_once_each_when_it_answers_again() throws Exception {
        for (int e = 0; e < EXHIBITORS; e++) {
            String secret = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
            WebhookReceiver crm = new WebhookReceiver(secret);
            crms.add(crm);
            String exhibitor = knownExhibitor("en", "sales-" + e + "-" + UUID.randomUUID() + "@atlas.example");
            exhibitors.add(exhibitor);
            publishWebhooks(exhibitor, 1, List.of(new WebhookEndpoints.Endpoint("crm", crm.url("/crm/" + e),
                    List.of(new WebhookEndpoints.Secret(secret, null)))));
        }
        await().atMost(WAIT).until(() -> exhibitors.stream().allMatch(exhibitor -> webhooks.active(exhibitor).size() == 1));
        dropOtherTestsDeliveries(exhibitors);

        // Normal latency: a burst of leads for all eight, every receiver answering at once.
        List<String> normal = burst();
        await().atMost(Duration.ofMinutes(2)).until(() -> answered(0, EXHIBITORS, normal).size() == EXHIBITORS * LEADS_EACH);
        List<Long> normalLatencies = latencies(answered(0, EXHIBITORS, normal));
        System.out.printf("Webhooks (two instances), all receivers answering: %d delivered, latency p50 %d ms, p95 %d ms, max %d ms%n",
                normalLatencies.size(), percentile(normalLatencies, 50), percentile(normalLatencies, 95), percentile(normalLatencies, 100));
        printStages(exhibitors, normal);

        // The same burst while exhibitor 0's receiver hangs.
        Instant hangEnds = Instant.now().plus(HANG);
        crms.get(0).hangUntil(hangEnds);
        List<String> hung = burst();
        await().atMost(Duration.ofMinutes(2)).until(() -> answered(1, EXHIBITORS, hung).size() == (EXHIBITORS - 1) * LEADS_EACH);
        Instant othersDone = Instant.now();
        List<Long> othersLatencies = latencies(answered(1, EXHIBITORS, hung));
        long othersMax = percentile(othersLatencies, 100);
        System.out.printf("Webhooks, exhibitor 0's receiver hung for %d s: the other %d delivered, latency p50 %d ms, p95 %d ms,"
                        + " max %d ms; all in %.1f s before the hang ended%n", HANG.toSeconds(), othersLatencies.size(),
                percentile(othersLatencies, 50), percentile(othersLatencies, 95), othersMax,
                Duration.between(othersDone, hangEnds).toMillis() / 1000.0);
        printStages(exhibitors.subList(1, EXHIBITORS), hung);
        assertThat(othersDone).as("the others' webhooks all arrived while the hang lasted").isBefore(hangEnds);
        long normalMax = percentile(normalLatencies, 100);
        assertThat(othersMax).as("the others' latency within their normal latency (max %d ms), give or take a loaded machine", normalMax)
                .isLessThanOrEqualTo(2 * normalMax + 2_000);

        // The hung receiver's own: retried with back-off, delivered once it answers again, each once.
        await().atMost(Duration.ofMinutes(2)).until(() -> answered(0, 1, hung).size() == LEADS_EACH);
        List<WebhookReceiver.Received> calls = crms.get(0).received().stream().filter(call -> hung.contains(leadOf(call))).toList();
        long held = calls.stream().filter(WebhookReceiver.Received::held).count();
        Map<String, Long> answeredPerId = calls.stream().filter(call -> !call.held())
                .collect(Collectors.groupingBy(call -> call.header("webhook-id"), Collectors.counting()));
        Instant lastArrived = calls.stream().map(WebhookReceiver.Received::arrivedAt).max(Instant::compareTo).orElseThrow();
        System.out.printf("The hung receiver: %d calls taken in and not answered during the hang; its %d leads delivered"
                        + " %.1f s after the hang ended, duplicates %d%n", held, answeredPerId.size(),
                Duration.between(hangEnds, lastArrived).toMillis() / 1000.0,
                answeredPerId.values().stream().mapToLong(count -> count - 1).sum());
        assertThat(held).as("its calls went on during the hang (timed out, retried)").isPositive();
        assertThat(answeredPerId).hasSize(LEADS_EACH).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(calls).allMatch(call -> call.problem() == null);
        List<Document> hungDeliveries = mongo.getCollection("deliveries").find(new Document("exhibitorId", exhibitors.get(0))
                .append("channel", "WEBHOOK").append("leadId", new Document("$in", hung))).into(new ArrayList<>());
        assertThat(hungDeliveries).hasSize(LEADS_EACH).allMatch(delivery -> "SUCCEEDED".equals(delivery.getString("status")));
        // Every sales email of both bursts went too, each once.
        await().atMost(WAIT).until(() -> mongo.getCollection("deliveries").countDocuments(new Document("exhibitorId",
                new Document("$in", exhibitors)).append("channel", "EMAIL").append("status", "SUCCEEDED")) == 2L * EXHIBITORS * LEADS_EACH);
    }

    /** LEADS_EACH new leads for every exhibitor, published at once; returns their ids. */
    private List<String> burst() {
        LeadBurst burst = publishBurst(exhibitors, LEADS_EACH, "Visitor");
        burst.leadIds().forEach(lead -> published.put(lead, burst.publishedAt()));
        return burst.leadIds();
    }

    /** Where the time went: from publishing to the delivery's opening, and from there to its first attempt. */
    private void printStages(List<String> of, List<String> leads) {
        List<Long> opened = new ArrayList<>();
        List<Long> attempted = new ArrayList<>();
        for (Document delivery : mongo.getCollection("deliveries").find(new Document("exhibitorId", new Document("$in", of))
                .append("channel", "WEBHOOK").append("leadId", new Document("$in", leads))).into(new ArrayList<>())) {
            Instant created = delivery.getDate("createdAt").toInstant();
            opened.add(Duration.between(published.get(delivery.getString("leadId")), created).toMillis());
            attempted.add(Duration.between(created, delivery.getList("history", Document.class).get(0).getDate("at").toInstant()).toMillis());
        }
        opened.sort(null);
        attempted.sort(null);
        System.out.printf("  published to opened p50 %d ms, max %d ms; opened to first attempt p50 %d ms, max %d ms%n",
                percentile(opened, 50), percentile(opened, 100), percentile(attempted, 50), percentile(attempted, 100));
    }

    /** The answered calls (first per lead) of receivers {@code from} to {@code to} (excluded) about these leads. */
    private List<WebhookReceiver.Received> answered(int from, int to, List<String> leads) {
        Map<String, WebhookReceiver.Received> first = new HashMap<>();
        for (int e = from; e < to; e++) {
            for (WebhookReceiver.Received call : crms.get(e).received()) {
                String lead = leadOf(call);
                if (!call.held() && call.problem() == null && leads.contains(lead)) {
                    first.merge(lead, call, (a, b) -> a.arrivedAt().isBefore(b.arrivedAt()) ? a : b);
                }
            }
        }
        return List.copyOf(first.values());
    }

    private List<Long> latencies(List<WebhookReceiver.Received> calls) {
        return calls.stream().map(call -> Duration.between(published.get(leadOf(call)), call.arrivedAt()).toMillis()).sorted().toList();
    }

    private String leadOf(WebhookReceiver.Received call) {
        return json.readTree(call.body()).path("data").path("leadId").asString();
    }
}
