package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.expoleads.events.EventTypes;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.NotificationServiceIT;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Lead alerts by webhook, end to end: the service consumes the lead event, signs the Standard
 * Webhooks request and calls real HTTP receivers that verify the signature with the
 * specification's reference library; failures are retried, 410 disables, private addresses are
 * refused at send time, and a slow endpoint does not hold up anyone else.
 */
class WebhookDeliveryIT extends NotificationServiceIT {

    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void closeReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void a_lead_alert_calls_each_webhook_signed_with_every_valid_secret() throws Exception {
        String current = secret();
        String former = secret();
        String expired = secret();
        WebhookReceiver switchedOver = receiver(current);
        WebhookReceiver notYetSwitched = receiver(former);
        String exhibitor = knownExhibitor("en", "crm@atlas.example");
        List<WebhookEndpoints.Secret> rotating = List.of(new WebhookEndpoints.Secret(current, null),
                new WebhookEndpoints.Secret(former, Instant.now().plus(Duration.ofHours(1))),
                new WebhookEndpoints.Secret(expired, Instant.now().minusSeconds(60)));
        publishWebhooks(exhibitor, 1, List.of(
                new WebhookEndpoints.Endpoint("crm-new", switchedOver.url("/hooks/leads"), rotating),
                new WebhookEndpoints.Endpoint("crm-old", notYetSwitched.url("/legacy"), rotating)));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 2);

        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        for (WebhookReceiver receiver : List.of(switchedOver, notYetSwitched)) {
            await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
            WebhookReceiver.Received call = receiver.received().get(0);
            assertThat(call.problem()).as("verified by the receiver").isNull();
            assertThat(call.header("webhook-signature").split(" ")).hasSize(2).allMatch(signature -> signature.startsWith("v1,"));
            JsonNode body = json.readTree(call.body());
            assertThat(body.get("type").asString()).isEqualTo("lead.captured");
            assertThat(body.get("timestamp").asString()).isNotBlank();
            assertThat(body.get("data").get("leadId").asString()).isEqualTo(leadId);
            assertThat(body.get("data").get("attendee").get("company").asString()).isEqualTo("Casa Transport");
            assertThat(body.get("data").get("scannedByNames").get(0).asString()).isEqualTo("Amine Alaoui");
        }
        String webhookId = switchedOver.received().get(0).header("webhook-id");
        JsonNode delivery = awaitStatus(exhibitor, webhookId, "SUCCEEDED");
        assertThat(delivery.get("channel").asString()).isEqualTo("WEBHOOK");
        assertThat(delivery.get("webhookId").asString()).isEqualTo("crm-new");
        assertThat(delivery.get("destination").asString()).isEqualTo(switchedOver.url("/hooks/leads"));
        JsonNode attempt = delivery.get("history").get(0);
        assertThat(attempt.get("code").asInt()).isEqualTo(204);
        assertThat(attempt.get("target").asString()).contains("/hooks/leads").contains("127.0.0.1");
        assertThat(attempt.get("latencyMillis").asLong()).isGreaterThanOrEqualTo(0);
        deliveries.await(record -> record.value().contains(webhookId) && record.value().contains("DeliverySucceeded"), WAIT);
    }

    @Test
    void a_failing_endpoint_gets_the_same_message_again_until_it_answers_and_a_pending_delivery_is_not_replayed() throws Exception {
        String secret = secret();
        WebhookReceiver receiver = receiver(secret);
        receiver.answer(WebhookReceiver.Answer.status(500).withBody("database down"));
        String exhibitor = exhibitorWithWebhook(receiver, secret);

        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        // The retry falls due when the service's clock reaches it (5 s on, give or take 20 %): moved there, not waited for.
        await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
        String webhookId = receiver.received().get(0).header("webhook-id");
        awaitRetries(webhookId, Duration.ZERO, () -> receiver.received().size() >= 2);
        HttpJson api = admin(exhibitor);
        assertThat(api.get("/api/deliveries/" + webhookId).field("status")).isEqualTo("RETRYING");
        assertThat(api.post("/api/deliveries/" + webhookId + "/replay", "{}").status()).isEqualTo(409);
        receiver.answer(WebhookReceiver.Answer.status(200));

        awaitRetries(webhookId, Duration.ZERO, () -> "SUCCEEDED".equals(api.get("/api/deliveries/" + webhookId).field("status")));
        JsonNode delivery = api.get("/api/deliveries/" + webhookId).json();
        List<WebhookReceiver.Received> calls = receiver.received();
        assertThat(calls).extracting(call -> call.header("webhook-id")).containsOnly(webhookId);
        assertThat(calls).extracting(call -> new String(call.body())).containsOnly(new String(calls.get(0).body()));
        assertThat(calls).allMatch(call -> call.problem() == null);
        JsonNode history = delivery.get("history");
        assertThat(history.size()).isEqualTo(calls.size());
        assertThat(history.get(0).get("code").asInt()).isEqualTo(500);
        assertThat(history.get(0).get("error").asString()).contains("500");
        assertThat(history.get(0).get("reply").asString()).contains("database down");
        assertThat(history.get(history.size() - 1).get("code").asInt()).isEqualTo(200);
        deliveries.await(record -> record.value().contains(webhookId) && record.value().contains("DeliverySucceeded"), WAIT);
        assertThat(deliveries.all(record -> record.value().contains(webhookId) && record.value().contains("DeliveryFailed")))
                .hasSize(calls.size() - 1);
    }

    @Test
    void retry_after_of_a_503_is_honoured() throws Exception {
        String secret = secret();
        WebhookReceiver receiver = receiver(secret);
        receiver.answer(WebhookReceiver.Answer.status(503).withHeader("Retry-After", "2"));
        String exhibitor = exhibitorWithWebhook(receiver, secret);
        publishLead(exhibitor, UUID.randomUUID().toString(), EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
        String webhookId = receiver.received().get(0).header("webhook-id");
        JsonNode retrying = awaitStatus(exhibitor, webhookId, "RETRYING");
        Duration asked = Duration.between(Instant.parse(retrying.get("lastAttemptAt").asString()),
                Instant.parse(retrying.get("nextAttemptAt").asString()));
        assertThat(asked).isBetween(Duration.ofMillis(1900), Duration.ofMillis(2600));
        receiver.answer(WebhookReceiver.Answer.status(202));
        // Not tried again before the time asked; moving the service's clock past it replaces the wait.
        assertThat(receiver.received()).hasSize(1);
        clock.moveForward(asked);
        awaitStatus(exhibitor, webhookId, "SUCCEEDED");
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void gone_disables_the_endpoint_tells_the_admin_and_a_replay_enables_it_again() throws Exception {
        String secret = secret();
        WebhookReceiver receiver = receiver(secret);
        receiver.answer(WebhookReceiver.Answer.status(410));
        String exhibitor = exhibitorWithWebhook(receiver, secret);
        String first = UUID.randomUUID().toString();
        publishLead(exhibitor, first, EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
        String webhookId = receiver.received().get(0).header("webhook-id");
        // Dead at once: a 410 is not retried, so nothing waits for the service's clock to move.
        JsonNode dead = awaitStatus(exhibitor, webhookId, "DEAD");
        assertThat(dead.get("attempts").asInt()).isEqualTo(1);
        assertThat(webhooks.disabledBecause(exhibitor, "crm")).contains("410");
        String notice = TestMailServer.body(awaitEmails(webhookId, 1).get(0));
        assertThat(notice).contains("410 Gone").contains(receiver.url("/hook"));
        assertThat(recipient(emailsAbout(webhookId).get(0))).isEqualTo("admin@atlas-mobility.ma");

        String second = UUID.randomUUID().toString();
        publishLead(exhibitor, second, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(second, 1);
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/deliveries?channel=WEBHOOK&leadId=" + second)
                .json().get("items")).as("nothing for a disabled endpoint").isEmpty();

        receiver.answer(WebhookReceiver.Answer.status(204));
        assertThat(admin(exhibitor).post("/api/deliveries/" + webhookId + "/replay", "{}").status()).isEqualTo(202);
        awaitStatus(exhibitor, webhookId, "SUCCEEDED");
        assertThat(webhooks.disabledBecause(exhibitor, "crm")).isNull();
        assertThat(receiver.received()).hasSize(2).allMatch(call -> webhookId.equals(call.header("webhook-id")));
    }

    @Test
    void an_endpoint_that_never_answers_well_is_given_up_when_the_retry_window_closes() throws Exception {
        String secret = secret();
        WebhookReceiver receiver = receiver(secret);
        receiver.answer(WebhookReceiver.Answer.status(500));
        String exhibitor = exhibitorWithWebhook(receiver, secret);
        publishLead(exhibitor, UUID.randomUUID().toString(), EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
        String webhookId = receiver.received().get(0).header("webhook-id");
        // Each retry falls due as the service's clock is moved on, 6 h at a time (past any back-off), the
        // window closing after 25 h of it: a day of retries in a few attempts and seconds.
        HttpJson api = admin(exhibitor);
        awaitRetries(webhookId, Duration.ofHours(6), () -> "DEAD".equals(api.get("/api/deliveries/" + webhookId).field("status")));
        JsonNode dead = api.get("/api/deliveries/" + webhookId).json();
        Duration tried = Duration.between(Instant.parse(dead.get("history").get(0).get("at").asString()),
                Instant.parse(dead.get("lastAttemptAt").asString()));
        assertThat(tried).as("the retry window is 25 h").isGreaterThanOrEqualTo(Duration.ofHours(25));
        assertThat(dead.get("attempts").asInt()).isGreaterThanOrEqualTo(4).isEqualTo(receiver.received().size());
        // The receiver judges a timestamp by the real clock: past the first attempt, the moved clock's are
        // hours off and refused with 401 before the endpoint's 500. Either way, the notice names the last error.
        JsonNode history = dead.get("history");
        assertThat(history.get(0).get("code").asInt()).isEqualTo(500);
        assertThat(TestMailServer.body(awaitEmails(webhookId, 1).get(0)))
                .contains("HTTP " + history.get(history.size() - 1).get("code").asInt()).contains("/replay");
        deliveries.await(record -> record.value().contains(webhookId) && record.value().contains("DeliveryDead"), WAIT);
    }

    @Test
    void private_and_metadata_addresses_are_refused_at_send_time() {
        String exhibitor = knownExhibitor("en", "crm@atlas.example");
        List<WebhookEndpoints.Secret> secrets = List.of(new WebhookEndpoints.Secret(secret(), null));
        // Published straight to the topic: what exhibitor-service would have refused when configured.
        publishWebhooks(exhibitor, 1, List.of(
                new WebhookEndpoints.Endpoint("private", "http://10.0.0.7/hook", secrets),
                new WebhookEndpoints.Endpoint("metadata", "https://169.254.169.254/latest/meta-data", secrets)));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 2);
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        await().atMost(WAIT).until(() -> admin(exhibitor).get("/api/exhibitors/" + exhibitor
                + "/deliveries?channel=WEBHOOK&status=DEAD&leadId=" + leadId).json().get("items").size() == 2);
        JsonNode items = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/deliveries?channel=WEBHOOK&leadId=" + leadId)
                .json().get("items");
        for (JsonNode delivery : items) {
            assertThat(delivery.get("attempts").asInt()).as("not retried").isEqualTo(1);
            assertThat(delivery.get("history").get(0).get("outcome").asString()).isEqualTo("REJECTED");
            assertThat(delivery.get("detail").asString()).contains("refused");
        }
        assertThat(List.of(items.get(0).get("detail").asString(), items.get(1).get("detail").asString()))
                .anyMatch(detail -> detail.contains("private")).anyMatch(detail -> detail.contains("link-local"));
    }

    @Test
    void a_slow_endpoint_does_not_delay_another_exhibitors_alerts() throws Exception {
        String slowSecret = secret();
        WebhookReceiver slow = receiver(slowSecret);
        // Longer than the test's 2 s timeout: every call to it ends in a timeout.
        slow.answer(WebhookReceiver.Answer.status(200).after(Duration.ofSeconds(5)));
        String slowExhibitor = exhibitorWithWebhook(slow, slowSecret);
        for (int i = 0; i < 10; i++) {
            publishLead(slowExhibitor, UUID.randomUUID().toString(), EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        }
        await().atMost(WAIT).until(() -> slow.received().size() >= 2);

        String fastSecret = secret();
        WebhookReceiver fast = receiver(fastSecret);
        String fastExhibitor = exhibitorWithWebhook(fast, fastSecret);
        Instant published = Instant.now();
        publishLead(fastExhibitor, UUID.randomUUID().toString(), EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        await().atMost(WAIT).until(() -> !fast.received().isEmpty());
        Duration took = Duration.between(published, Instant.now());
        System.out.printf("Webhook of another exhibitor while one endpoint times out: delivered %d ms after its lead event%n",
                took.toMillis());
        assertThat(took).as("not queued behind the slow endpoint's 2 s timeouts").isLessThan(Duration.ofMillis(1500));
        assertThat(slow.received().size()).as("the slow endpoint holds at most its two lanes").isLessThanOrEqualTo(4);
    }

    private String exhibitorWithWebhook(WebhookReceiver receiver, String secret) {
        String exhibitor = knownExhibitor("en", "crm@atlas.example");
        publishWebhooks(exhibitor, 1, List.of(new WebhookEndpoints.Endpoint("crm", receiver.url("/hook"),
                List.of(new WebhookEndpoints.Secret(secret, null)))));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 1);
        return exhibitor;
    }

    private JsonNode awaitStatus(String exhibitor, String deliveryId, String status) {
        HttpJson api = admin(exhibitor);
        await().atMost(WAIT).until(() -> status.equals(api.get("/api/deliveries/" + deliveryId).field("status")));
        return api.get("/api/deliveries/" + deliveryId).json();
    }

    private WebhookReceiver receiver(String secret) throws Exception {
        WebhookReceiver receiver = new WebhookReceiver(secret);
        receivers.add(receiver);
        return receiver;
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }
}
