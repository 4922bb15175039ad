package io.expoleads.notification.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.ErasureProgress;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadView;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.Topics;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.NotificationServiceIT;
import io.expoleads.notification.webhook.WebhookReceiver;
import io.expoleads.notification.alert.LeadAlerts;
import io.expoleads.testsupport.ConsumerGroupRewind;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

/**
 * A visitor's erasure and consent withdrawal as notification-service carries them, against the real
 * broker and store, with the events lead-service publishes (leads sealed under the visitor's key,
 * the key on its own topic, then {@code LeadErased}, the key's tombstone and {@code ErasureRequested}):
 * no copy of the visitor is left in any collection, every CRM that was sent one of their leads gets
 * a signed {@code lead.erased} call and no other does, and the erasure is reported completed once.
 */
class VisitorErasureIT extends NotificationServiceIT {

    private final List<WebhookReceiver> receivers = new ArrayList<>();
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Value("${expo.kafka.consumer-group}")
    String consumerGroup;

    @AfterEach
    void closeReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    void an_erased_visitor_leaves_no_copy_and_every_crm_that_had_one_of_their_leads_is_told() throws Exception {
        Visitor erased = new Visitor();
        Visitor kept = new Visitor();

        // Exhibitor A: one CRM alerted, one added after the alert (never sent the lead), and sales emails.
        Crm alertedA = crm();
        Crm addedLaterA = crm();
        String exhibitorA = knownExhibitor("en", "sales-a@atlas.example");
        publishWebhooks(exhibitorA, 1, List.of(alertedA.endpoint("a-crm")));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitorA).size() == 1);
        // Exhibitor B: one CRM that answers, one that fails (its alert is retrying when the erasure comes).
        Crm alertedB = crm();
        Crm failingB = crm();
        failingB.receiver.answer(WebhookReceiver.Answer.status(500).withBody("CRM down, lead was " + erased.email));
        String exhibitorB = knownExhibitor("fr", "ventes-b@casa.example");
        publishWebhooks(exhibitorB, 1, List.of(alertedB.endpoint("b-crm"), failingB.endpoint("b-flaky")));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitorB).size() == 2);
        // Exhibitor C's CRM only ever gets another visitor's lead.
        Crm otherC = crm();
        String exhibitorC = knownExhibitor("en");
        publishWebhooks(exhibitorC, 1, List.of(otherC.endpoint("c-crm")));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitorC).size() == 1);
        // Exhibitor D is not known yet: the visitor's lead waits for its routing.
        String exhibitorD = UUID.randomUUID().toString();
        // Exhibitor E sends hourly digests, not alerts: the visitor's lead waits in the lead book for the next one.
        String exhibitorE = UUID.randomUUID().toString();
        publishExhibitor(exhibitorE, ExhibitorStatus.APPROVED, 3, "en",
                new NotificationSettings(List.of("digest-e@atlas.example"), "NONE", null, "HOURLY", null, "CSV"), "digest-e@atlas.example");
        await().atMost(WAIT).until(() -> routings.find(exhibitorE).isPresent() && mongo.exists(byId(exhibitorE), "digest_schedule"));

        LeadView leadA = erased.leadAt(exhibitorA);
        LeadView leadB = erased.leadAt(exhibitorB);
        LeadView leadD = erased.leadAt(exhibitorD);
        LeadView leadE = erased.leadAt(exhibitorE);
        LeadView keptA = kept.leadAt(exhibitorA);
        LeadView keptC = kept.leadAt(exhibitorC);
        LeadView keptE = kept.leadAt(exhibitorE);
        for (LeadView lead : List.of(leadA, leadB, leadD, leadE, keptA, keptC, keptE)) {
            publishLead(lead, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        }
        await().atMost(WAIT).until(() -> alertedA.got("lead.captured", leadA.leadId()) && alertedB.got("lead.captured", leadB.leadId())
                && waitsForItsNextAttempt(exhibitorB, leadB.leadId(), "b-flaky") && otherC.got("lead.captured", keptC.leadId())
                && awaitEmailsQuietly(leadA.leadId()) && awaitEmailsQuietly(leadB.leadId()));
        await().atMost(WAIT).until(() -> mongo.exists(query("leadId", leadD.leadId()), "alerts_waiting_for_routing")
                && mongo.exists(byId(leadE.leadId()), "leads") && mongo.exists(byId(keptE.leadId()), "leads"));
        // The CRM added after the alert was never sent the lead.
        publishWebhooks(exhibitorA, 2, List.of(alertedA.endpoint("a-crm"), addedLaterA.endpoint("a-later")));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitorA).size() == 2);
        assertThat(copiesOf(erased)).as("the visitor's data is held before the erasure").isNotEmpty();

        // The flaky CRM answers again; its alert still waits for its next attempt, an hour away.
        int alertsToFailing = failingB.calls("lead.captured").size();
        failingB.receiver.answer(WebhookReceiver.Answer.status(204));
        String erasureId = UUID.randomUUID().toString();
        try (TopicReader erasures = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ERASURES)) {
            Instant requested = Instant.now();
            eraseAsLeadService(erased, erasureId, List.of(leadA, leadB, leadD, leadE));

            erasures.await(record -> record.value().contains(EventTypes.ERASURE_COMPLETED) && record.value().contains(erasureId), WAIT);
            Duration took = Duration.between(requested, Instant.now());
            System.out.printf("Erasure of a visitor with 4 leads: ErasureCompleted from notification-service %d ms after the request%n",
                    took.toMillis());
            // Completed means the copies are gone: read every collection of this service's database.
            assertThat(copiesOf(erased)).as("documents still holding the erased visitor's data").isEmpty();
            assertThat(copiesOf(kept)).as("the other visitor's leads are untouched").isNotEmpty();

            // The request heard again completes nothing twice.
            eraseAsLeadService(erased, erasureId, List.of());
            String marker = UUID.randomUUID().toString();
            writer.send(Topics.ERASURES, erased.attendeeId, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                    EventTypes.ERASURE_REQUESTED, Instant.now(), edition, erased.attendeeId,
                    ErasureProgress.requested(marker, erased.attendeeId, edition, "ORGANIZER", Instant.now(), List.of()))));
            erasures.await(record -> record.value().contains(EventTypes.ERASURE_COMPLETED) && record.value().contains(marker), WAIT);
            List<JsonNode> completions = erasures.all(record -> record.value().contains(EventTypes.ERASURE_COMPLETED)
                    && record.value().contains(erasureId)).stream().map(record -> json.readTree(record.value())).toList();
            assertThat(completions).hasSize(1);
            JsonNode completed = completions.get(0).get("payload");
            assertThat(completed.get("service").asString()).isEqualTo("notification-service");
            assertThat(completed.get("attendeeId").asString()).isEqualTo(erased.attendeeId);
            // What this request removed: the LeadErased events, read on another topic, may have removed some first.
            assertThat(completed.get("removed").propertyNames()).contains("leads", "waitingAlerts", "deliveriesCancelled",
                    "deliveriesScrubbed", "erasureCalls");
            assertThat(completions.get(0).toString()).doesNotContain(erased.email).doesNotContain(erased.lastName);
        }

        // Each CRM that was sent one of the visitor's leads gets a signed lead.erased naming it, the flaky one too.
        await().atMost(WAIT).until(() -> alertedA.got("lead.erased", leadA.leadId()) && alertedB.got("lead.erased", leadB.leadId())
                && failingB.got("lead.erased", leadB.leadId()));
        for (Crm crm : List.of(alertedA, alertedB, failingB)) {
            List<WebhookReceiver.Received> calls = crm.calls("lead.erased");
            assertThat(calls).hasSize(1).allMatch(call -> call.problem() == null);
            JsonNode body = json.readTree(calls.get(0).body());
            assertThat(body.get("timestamp").asString()).isNotBlank();
            assertThat(body.get("data").get("erasedAt").asString()).isNotBlank();
            assertThat(body.get("data").get("editionId").asString()).isEqualTo(edition);
            assertThat(new String(calls.get(0).body())).doesNotContain(erased.email).doesNotContain(erased.lastName)
                    .doesNotContain(erased.attendeeId);
        }
        assertThat(json.readTree(alertedA.calls("lead.erased").get(0).body()).get("data").get("exhibitorId").asString()).isEqualTo(exhibitorA);
        assertThat(json.readTree(alertedB.calls("lead.erased").get(0).body()).get("data").get("exhibitorId").asString()).isEqualTo(exhibitorB);
        // Nobody else: not the CRM added later, not another exhibitor's, and the failing CRM got no alert after the erasure.
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> addedLaterA.receiver.received().isEmpty()
                && otherC.calls("lead.erased").isEmpty());
        assertThat(failingB.calls("lead.captured")).as("its cancelled alert was not tried again").hasSize(alertsToFailing);

        // The delivery log keeps the facts of each delivery, not what it held; an erased one cannot be replayed.
        HttpJson api = admin(exhibitorB);
        JsonNode log = api.get("/api/exhibitors/" + exhibitorB + "/deliveries?leadId=" + leadB.leadId()).json().get("items");
        JsonNode cancelled = null;
        for (JsonNode delivery : log) {
            if ("ALERT".equals(delivery.get("kind").asString())) {
                assertThat(delivery.get("erasedAt").isNull()).isFalse();
                delivery.get("history").forEach(attempt -> assertThat(attempt.get("reply").isNull()).isTrue());
                if ("WEBHOOK".equals(delivery.get("channel").asString()) && "CANCELLED".equals(delivery.get("status").asString())) {
                    cancelled = delivery;
                }
            }
        }
        assertThat(cancelled).as("the retrying alert was cancelled").isNotNull();
        assertThat(cancelled.get("history").get(0).get("error").asString()).isEqualTo("HTTP 500");
        assertThat(mongo.findOne(byId(cancelled.get("id").asString()), Document.class, "deliveries"))
                .as("out of the queue").doesNotContainKeys("nextAttemptAt", "lane", "leaseUntil");
        HttpJson.Answer replay = api.post("/api/deliveries/" + cancelled.get("id").asString() + "/replay", "{}");
        assertThat(replay.status()).isEqualTo(410);
        assertThat(replay.field("reason")).isEqualTo("LEAD_ERASED");
        assertThat(log.toString()).contains("ERASURE");

        // The digest not sent yet lists the other visitor only.
        mongo.updateFirst(byId(exhibitorE), new Update().set("dueAt", Instant.now()), "digest_schedule");
        await().atMost(WAIT).until(() -> !io.expoleads.testsupport.TestMailServer.messagesTo("digest-e@atlas.example").isEmpty());
        String digest = raw(io.expoleads.testsupport.TestMailServer.messagesTo("digest-e@atlas.example").get(0));
        assertThat(digest).contains(keptE.leadId()).doesNotContain(leadE.leadId());

        // Once the routing of D arrives, the erased visitor's lead that waited for it is alerted to nobody.
        publishExhibitor(exhibitorD, ExhibitorStatus.APPROVED, 3, "en", "late-d@atlas.example");
        String markerLead = UUID.randomUUID().toString();
        publishLead(kept.leadAt(exhibitorD, markerLead), EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(markerLead, 1);
        assertThat(emailsAbout(leadD.leadId())).isEmpty();
    }

    @Test
    void an_erasure_request_alone_reaches_every_copy_and_reading_the_topics_again_brings_nothing_back() throws Exception {
        Crm crm = crm();
        String exhibitor = knownExhibitor("en", "request@atlas.example");
        publishWebhooks(exhibitor, 1, List.of(crm.endpoint("crm")));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 1);
        Visitor visitor = new Visitor();
        LeadView lead = visitor.leadAt(exhibitor);
        publishLead(lead, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        await().atMost(WAIT).until(() -> crm.got("lead.captured", lead.leadId()) && !emailsAbout(lead.leadId()).isEmpty()
                && mongo.exists(byId(lead.leadId()), "leads"));

        // Only the request, naming no lead: the LeadErased events and the key's tombstone are still on their way.
        String erasureId = UUID.randomUUID().toString();
        try (TopicReader erasures = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ERASURES)) {
            writer.send(Topics.ERASURES, visitor.attendeeId, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                    EventTypes.ERASURE_REQUESTED, Instant.now(), edition, visitor.attendeeId,
                    ErasureProgress.requested(erasureId, visitor.attendeeId, edition, "VISITOR", Instant.now(), List.of()))));
            erasures.await(record -> record.value().contains(EventTypes.ERASURE_COMPLETED) && record.value().contains(erasureId), WAIT);
        }
        assertThat(copiesOf(visitor)).isEmpty();
        assertThat(mongo.exists(byId(visitor.attendeeId), "visitor_keys")).as("the key is forgotten").isFalse();
        assertThat(mongo.findById(visitor.attendeeId, Document.class, "erased_visitors")).isNotNull()
                .satisfies(marker -> assertThat(marker.keySet()).containsExactlyInAnyOrder("_id", "erasedAt"));
        await().atMost(WAIT).until(() -> crm.got("lead.erased", lead.leadId()));

        // A lead event of the visitor read late (a scan in flight) is skipped at once: the marker says why its key is gone.
        LeadView late = visitor.leadAt(exhibitor);
        publishSealed(late, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), Instant.now());
        LeadView marker = new Visitor().leadAt(exhibitor);
        publishLead(marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        await("not held up waiting for a key that will not come").atMost(Duration.ofSeconds(15))
                .until(() -> crm.got("lead.captured", marker.leadId()));

        // Every lead event and every key read again from the first record: the visitor does not come back.
        int calls = crm.receiver.received().size();
        ConsumerGroupRewind.replayFromTheBeginning(infrastructure.kafkaBootstrapServers(), consumerGroup + "-visitor-keys",
                Topics.VISITOR_KEYS, listeners.getListenerContainer("visitor-keys"), WAIT);
        ConsumerGroupRewind.replayFromTheBeginning(infrastructure.kafkaBootstrapServers(), consumerGroup + "-alerts",
                Topics.LEADS, listeners.getListenerContainer(LeadAlerts.LISTENER_ID), WAIT);
        ConsumerGroupRewind.replayFromTheBeginning(infrastructure.kafkaBootstrapServers(), consumerGroup + "-digest-leads",
                Topics.LEADS, listeners.getListenerContainer("lead-book"), WAIT);
        assertThat(mongo.exists(byId(visitor.attendeeId), "visitor_keys")).as("the erased visitor's key record is not kept again").isFalse();
        assertThat(copiesOf(visitor)).isEmpty();
        assertThat(crm.receiver.received()).hasSize(calls);
        assertThat(emailsAbout(lead.leadId())).hasSize(1);
        assertThat(emailsAbout(late.leadId())).isEmpty();
    }

    @Test
    void a_recent_lead_event_waits_for_its_visitors_key_and_is_alerted_once_the_key_arrives() {
        String exhibitor = knownExhibitor("en", "patient@atlas.example");
        Visitor visitor = new Visitor();
        LeadView lead = visitor.leadAt(exhibitor);
        leadServiceKeys.issue(visitor.attendeeId, edition);
        publishSealed(lead, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), Instant.now());

        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> emailsAbout(lead.leadId()).isEmpty());
        assertThat(mongo.exists(byId(lead.leadId()), "leads")).isFalse();
        publishVisitorKey(visitor.attendeeId);

        assertThat(part(awaitEmails(lead.leadId(), 1).get(0), "text/plain")).contains("Name: Yasmine " + visitor.lastName)
                .contains("Email: " + visitor.email);
        await().atMost(WAIT).until(() -> mongo.exists(byId(lead.leadId()), "leads"));
    }

    @Test
    void an_old_lead_event_whose_key_never_came_is_skipped_with_no_alert_and_no_copy() {
        String exhibitor = knownExhibitor("en", "skipped@atlas.example");
        Visitor visitor = new Visitor();
        LeadView lead = visitor.leadAt(exhibitor);
        leadServiceKeys.issue(visitor.attendeeId, edition);
        publishSealed(lead, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), Instant.now().minus(Duration.ofMinutes(10)));
        // A later lead of the same exhibitor (same partition) shows the old one was read.
        LeadView marker = new Visitor().leadAt(exhibitor);
        publishLead(marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(marker.leadId(), 1);
        await().atMost(WAIT).until(() -> mongo.exists(byId(marker.leadId()), "leads"));

        assertThat(emailsAbout(lead.leadId())).isEmpty();
        assertThat(mongo.exists(byId(lead.leadId()), "leads")).isFalse();
        assertThat(mongo.exists(query("leadId", lead.leadId()), "deliveries")).isFalse();
        assertThat(copiesOf(visitor)).isEmpty();
    }

    @Test
    void a_withdrawn_contact_leaves_every_copy_and_the_crm_gets_the_lead_updated_without_it() throws Exception {
        Crm crm = crm();
        Crm notSent = crm();
        String exhibitor = knownExhibitor("en", "withdrawn@atlas.example");
        publishWebhooks(exhibitor, 1, List.of(crm.endpoint("crm")));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 1);
        Visitor visitor = new Visitor();
        LeadView lead = visitor.leadAt(exhibitor);
        publishLead(lead, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        await().atMost(WAIT).until(() -> crm.got("lead.captured", lead.leadId()) && !emailsAbout(lead.leadId()).isEmpty()
                && mongo.exists(byId(lead.leadId()), "leads"));
        publishWebhooks(exhibitor, 2, List.of(crm.endpoint("crm"), notSent.endpoint("not-sent")));
        await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 2);
        assertThat(documentsHolding(visitor.email)).isNotEmpty();

        AttendeeView attendee = lead.attendee();
        AttendeeView withoutContact = new AttendeeView(attendee.attendeeId(), attendee.editionId(), attendee.registrationId(),
                attendee.firstName(), attendee.lastName(), attendee.company(), attendee.jobTitle(), null, null, attendee.country(), true);
        LeadView withdrawn = new LeadView(lead.leadId(), exhibitor, edition, 2, withoutContact, lead.scanCount(), lead.firstScanAt(),
                lead.lastScanAt(), lead.lastScannedBy(), lead.scannedBy(), lead.rating(), lead.formVersion(), lead.answers(), lead.tags(),
                lead.followUp(), lead.notes(), lead.flags());
        publishLead(withdrawn, EventTypes.LEAD_CONTACT_WITHDRAWN, UUID.randomUUID());

        await().atMost(WAIT).until(() -> crm.got("lead.updated", lead.leadId()));
        WebhookReceiver.Received update = crm.calls("lead.updated").get(0);
        assertThat(update.problem()).as("signed as every call").isNull();
        JsonNode data = json.readTree(update.body()).get("data");
        assertThat(data.get("attendee").get("email").isNull()).isTrue();
        assertThat(data.get("attendee").get("phone").isNull()).isTrue();
        assertThat(data.get("attendee").get("lastName").asString()).isEqualTo(visitor.lastName);
        assertThat(data.get("scannedByNames").get(0).asString()).isEqualTo("Amine Alaoui");
        assertThat(data.has("sealed")).isFalse();
        assertThat(new String(update.body())).doesNotContain(visitor.email).doesNotContain(visitor.phone);
        await().atMost(WAIT).until(() -> documentsHolding(visitor.email).isEmpty() && documentsHolding(visitor.phone).isEmpty());
        assertThat(documentsHolding(visitor.lastName)).as("the lead stays, without the contact").isNotEmpty();
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> notSent.receiver.received().isEmpty());
    }

    /** What lead-service publishes when it erases a visitor: LeadErased per lead, the key's tombstone, ErasureRequested. */
    private void eraseAsLeadService(Visitor visitor, String erasureId, List<LeadView> leads) {
        leadServiceKeys.destroy(visitor.attendeeId);
        for (LeadView lead : leads) {
            LeadView nothingPersonal = new LeadView(lead.leadId(), lead.exhibitorId(), edition, lead.revision() + 1,
                    lead.attendee().withoutPersonalData(), lead.scanCount(), lead.firstScanAt(), lead.lastScanAt(), lead.lastScannedBy(),
                    lead.scannedBy(), lead.rating(), lead.formVersion(), Map.of(), List.of(), lead.followUp(), List.of(), lead.flags());
            writer.send(Topics.LEADS, lead.exhibitorId(), json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), EventTypes.LEAD_ERASED,
                    Instant.now(), edition, lead.leadId(), nothingPersonal)));
        }
        try (KafkaProducer<String, byte[]> tombstones = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            tombstones.send(new ProducerRecord<>(Topics.VISITOR_KEYS, visitor.attendeeId, null)).get();
        } catch (Exception e) {
            throw new IllegalStateException("the tombstone was not written", e);
        }
        writer.send(Topics.ERASURES, visitor.attendeeId, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                EventTypes.ERASURE_REQUESTED, Instant.now(), edition, visitor.attendeeId, ErasureProgress.requested(erasureId,
                        visitor.attendeeId, edition, "ORGANIZER", Instant.now(), leads.stream().map(LeadView::leadId).toList()))));
    }

    /** Every document of every collection of this service's database that holds one of the visitor's clear values. */
    private List<String> copiesOf(Visitor visitor) {
        List<String> found = new ArrayList<>();
        for (String value : visitor.clearValues()) {
            found.addAll(documentsHolding(value));
        }
        return found;
    }

    private List<String> documentsHolding(String value) {
        List<String> found = new ArrayList<>();
        for (String collection : mongo.getDb().listCollectionNames()) {
            for (Document document : mongo.getDb().getCollection(collection).find()) {
                if (document.toJson().contains(value)) {
                    found.add(collection + ": " + document.get("_id"));
                }
            }
        }
        return found;
    }

    /**
     * Whether the lead's alert to that webhook failed and now waits an hour for its next attempt, as
     * later in production's back-off (the first retry is only some 5 s away, which a slow run could
     * reach before the erasure): moved there unless an attempt is under way, so the erasure finds it retrying.
     */
    private boolean waitsForItsNextAttempt(String exhibitor, String leadId, String webhookId) {
        Document alert = mongo.findOne(Query.query(Criteria.where("leadId").is(leadId).and("target").is(webhookId)
                .and("kind").is("ALERT")), Document.class, "deliveries");
        if (alert == null || !"RETRYING".equals(alert.getString("status"))) {
            return false;
        }
        Instant later = Instant.now().plus(Duration.ofHours(1));
        Query notUnderWay = Query.query(Criteria.where("_id").is(alert.get("_id"))).addCriteria(new Criteria().orOperator(
                Criteria.where("leaseUntil").exists(false), Criteria.where("leaseUntil").lte(Instant.now())));
        return mongo.updateFirst(notUnderWay.addCriteria(Criteria.where("status").is("RETRYING").and("attempts")
                .is(alert.getInteger("attempts"))), new Update().set("nextAttemptAt", later), "deliveries").getModifiedCount() == 1;
    }

    private boolean awaitEmailsQuietly(String leadId) {
        return !emailsAbout(leadId).isEmpty();
    }

    private static String raw(jakarta.mail.internet.MimeMessage message) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        message.writeTo(out);
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        // The CSV attachment is base64: decode every base64 body part too, so the lead ids in it are searched.
        StringBuilder all = new StringBuilder(text);
        jakarta.mail.Multipart multipart = (jakarta.mail.Multipart) message.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            try (java.io.InputStream in = multipart.getBodyPart(i).getInputStream()) {
                all.append('\n').append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private static Query byId(String id) {
        return query("_id", id);
    }

    private static Query query(String field, String value) {
        return Query.query(Criteria.where(field).is(value));
    }

    private Crm crm() throws Exception {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        WebhookReceiver receiver = new WebhookReceiver(secret);
        receivers.add(receiver);
        return new Crm(receiver, secret);
    }

    /** An exhibitor's CRM behind a webhook endpoint, checking signatures as a receiver does. */
    private final class Crm {
        final WebhookReceiver receiver;
        final String secret;

        Crm(WebhookReceiver receiver, String secret) {
            this.receiver = receiver;
            this.secret = secret;
        }

        WebhookEndpoints.Endpoint endpoint(String id) {
            return new WebhookEndpoints.Endpoint(id, receiver.url("/crm/" + id), List.of(new WebhookEndpoints.Secret(secret, null)));
        }

        List<WebhookReceiver.Received> calls(String type) {
            return receiver.received().stream().filter(call -> type.equals(json.readTree(call.body()).path("type").asString(""))).toList();
        }

        boolean got(String type, String leadId) {
            return calls(type).stream().anyMatch(call -> call.problem() == null
                    && leadId.equals(json.readTree(call.body()).path("data").path("leadId").asString("")));
        }
    }

    /** A visitor with values found nowhere else, to look for in every collection. */
    private final class Visitor {
        final String attendeeId = UUID.randomUUID().toString();
        final String lastName = "Benjelloun-" + UUID.randomUUID().toString().substring(0, 8);
        final String email = "y." + attendeeId.substring(0, 8) + "@visitor.example";
        final String phone = "+212 6" + (10_000_000 + Math.abs(attendeeId.hashCode() % 89_999_999));
        final String company = "Rabat Grid " + attendeeId.substring(0, 6);
        final String jobTitle = "Head of Mobility " + attendeeId.substring(0, 6);
        final String note = "Call back about the tender " + attendeeId.substring(0, 6);
        final String answer = "Budget " + attendeeId.substring(0, 6);
        final String registration = "REG-" + attendeeId.substring(0, 8);

        List<String> clearValues() {
            return List.of(lastName, email, phone, company, jobTitle, note, answer, registration);
        }

        LeadView leadAt(String exhibitor) {
            return leadAt(exhibitor, UUID.randomUUID().toString());
        }

        LeadView leadAt(String exhibitor, String leadId) {
            Instant now = Instant.now();
            AttendeeView attendee = new AttendeeView(attendeeId, edition, registration, "Yasmine", lastName, company, jobTitle, email, phone,
                    "MA", true);
            return new LeadView(leadId, exhibitor, edition, 1, attendee, 1, now, now, "amine", List.of("amine"), 4, 1,
                    Map.of("budget", answer), List.of("vip"), false, List.of(new LeadNote("amine", note, now)), List.of());
        }
    }
}
