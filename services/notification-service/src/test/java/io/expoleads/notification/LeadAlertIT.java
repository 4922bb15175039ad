package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.notification.webhook.WebhookDirectory;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestMailServer;
import io.expoleads.testsupport.TopicReader;
import io.expoleads.testsupport.TopicWriter;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest
@Import(ExpoTestInfrastructure.class)
class LeadAlertIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    TestInfrastructure infrastructure;
    @Autowired
    SalesRoutings routings;
    @Autowired
    JsonMapper json;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    WebhookDirectory webhooks;

    TopicWriter writer;
    TopicReader deliveries;
    String edition;

    @BeforeEach
    void connect() {
        writer = new TopicWriter(infrastructure.kafkaBootstrapServers());
        deliveries = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.DELIVERIES);
        edition = UUID.randomUUID().toString();
    }

    @AfterEach
    void disconnect() {
        writer.close();
        deliveries.close();
    }

    @Test
    void a_captured_lead_is_emailed_to_every_sales_address_in_the_exhibitors_language() {
        String exhibitor = knownExhibitor("en", "sales@atlas.example", "ceo@atlas.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        List<MimeMessage> emails = awaitEmails(leadId, 2);
        assertThat(emails).extracting(LeadAlertIT::recipient).containsExactlyInAnyOrder("sales@atlas.example", "ceo@atlas.example");
        assertThat(subject(emails.get(0))).isEqualTo("New lead: Youssef El Amrani (Casa Transport)");
        assertThat(TestMailServer.body(emails.get(0))).contains("Casa Transport").contains(leadId);

        deliveries.await(record -> record.value().contains(leadId) && record.value().contains("DeliverySucceeded")
                && record.value().contains("ceo@atlas.example"), WAIT);
        assertThat(deliveries.all(record -> exhibitor.equals(record.key()))).hasSize(2);
    }

    @Test
    void a_lead_event_delivered_twice_sends_one_email_per_recipient() {
        String exhibitor = knownExhibitor("fr", "ventes@casa.example");
        String leadId = UUID.randomUUID().toString();
        UUID eventId = UUID.randomUUID();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, eventId);
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, eventId);
        publishLead(exhibitor, leadId, EventTypes.LEAD_UPDATED, UUID.randomUUID());
        // A later lead of the same exhibitor (same partition) shows the repeats were processed.
        String marker = UUID.randomUUID().toString();
        publishLead(exhibitor, marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(marker, 1);

        List<MimeMessage> emails = emailsAbout(leadId);
        assertThat(emails).hasSize(1);
        assertThat(subject(emails.get(0))).startsWith("Nouveau lead : ");
    }

    @Test
    void a_lead_that_arrives_before_its_exhibitor_is_sent_once_the_exhibitor_is_known() {
        String exhibitor = UUID.randomUUID().toString();
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        await().atMost(WAIT).until(() -> mongo.getCollection("alerts_waiting_for_routing")
                .countDocuments(new org.bson.Document("exhibitorId", exhibitor)) == 1);
        assertThat(emailsAbout(leadId)).isEmpty();

        publishExhibitor(exhibitor, ExhibitorStatus.APPROVED, 3, "en", "late@atlas.example");
        assertThat(recipient(awaitEmails(leadId, 1).get(0))).isEqualTo("late@atlas.example");
        assertThat(mongo.getCollection("alerts_waiting_for_routing").countDocuments(new org.bson.Document("exhibitorId", exhibitor))).isZero();
    }

    @Test
    void a_withdrawn_exhibitor_gets_no_alerts() {
        String exhibitor = UUID.randomUUID().toString();
        publishExhibitor(exhibitor, ExhibitorStatus.WITHDRAWN, 4, "fr", "gone@atlas.example");
        await().atMost(WAIT).until(() -> routings.find(exhibitor).isPresent());
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        String active = knownExhibitor("fr", "active@atlas.example");
        String marker = UUID.randomUUID().toString();
        publishLead(active, marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(marker, 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> emailsAbout(leadId).isEmpty());
    }

    @Test
    void webhook_endpoints_and_their_secrets_are_kept_and_only_move_forward() {
        String exhibitor = UUID.randomUUID().toString();
        WebhookEndpoints.Secret current = new WebhookEndpoints.Secret("whsec_bmV3", null);
        WebhookEndpoints.Secret former = new WebhookEndpoints.Secret("whsec_b2xk", Instant.now().plusSeconds(3600));
        publishWebhooks(exhibitor, 5, List.of(new WebhookEndpoints.Endpoint("w1", "https://93.184.216.34/hook", List.of(current, former))));
        publishWebhooks(exhibitor, 4, List.of());
        String marker = UUID.randomUUID().toString();
        publishWebhooks(marker, 1, List.of());
        await().atMost(WAIT).until(() -> webhooks.find(marker).isPresent() && webhooks.find(exhibitor).isPresent());
        assertThat(webhooks.find(exhibitor).orElseThrow().endpoints().get(0).secrets()).extracting(WebhookEndpoints.Secret::value)
                .containsExactly("whsec_bmV3", "whsec_b2xk");
    }

    private void publishWebhooks(String exhibitor, long revision, List<WebhookEndpoints.Endpoint> endpoints) {
        writer.send(Topics.WEBHOOKS, exhibitor, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                EventTypes.WEBHOOKS_CHANGED, Instant.now(), edition, exhibitor, new WebhookEndpoints(exhibitor, revision, endpoints))));
    }

    private String knownExhibitor(String language, String... salesEmails) {
        String exhibitor = UUID.randomUUID().toString();
        publishExhibitor(exhibitor, ExhibitorStatus.APPROVED, 3, language, salesEmails);
        await().atMost(WAIT).until(() -> routings.find(exhibitor).isPresent());
        return exhibitor;
    }

    private void publishExhibitor(String exhibitor, ExhibitorStatus status, long revision, String language, String... salesEmails) {
        ExhibitorView view = new ExhibitorView(exhibitor, edition, revision, status, "Atlas Mobility", "MA",
                language, "B-12", 4, List.of(salesEmails), List.of(), List.of(), null, null);
        writer.send(Topics.EXHIBITORS, exhibitor, json.writeValueAsString(
                EventEnvelope.of(UUID.randomUUID(), EventTypes.EXHIBITOR_APPROVED, Instant.now(), edition, exhibitor, view)));
    }

    private void publishLead(String exhibitor, String leadId, String type, UUID eventId) {
        AttendeeView attendee = new AttendeeView(UUID.randomUUID().toString(), edition, "R-1", "Youssef", "El Amrani",
                "Casa Transport", "CTO", "youssef@casatransport.ma", null, "MA", true);
        LeadView lead = new LeadView(leadId, exhibitor, edition, 1, attendee, 1, Instant.now(), Instant.now(), "amine",
                List.of("amine"), null, null, null, null, false, null, null);
        writer.send(Topics.LEADS, exhibitor, json.writeValueAsString(
                EventEnvelope.of(eventId, type, Instant.now(), edition, leadId, lead)));
    }

    private List<MimeMessage> awaitEmails(String leadId, int count) {
        await().atMost(WAIT).until(() -> emailsAbout(leadId).size() >= count);
        return emailsAbout(leadId);
    }

    private static List<MimeMessage> emailsAbout(String leadId) {
        return TestMailServer.messagesContaining(leadId);
    }

    private static String recipient(MimeMessage message) {
        return TestMailServer.recipient(message);
    }

    private static String subject(MimeMessage message) {
        return TestMailServer.subject(message);
    }
}
