package io.expoleads.lead;

import io.expoleads.events.ScanAccepted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.Topics;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadCapture;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.readmodel.RevisionGuard;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestTokens;
import io.expoleads.testsupport.TopicReader;
import io.expoleads.testsupport.TopicWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The attendee import and the exhibitor read model: idempotence, dead letters, revisions. */
class LeadCaptureIT extends LeadServiceIT {

    TopicReader reader;
    @org.springframework.beans.factory.annotation.Autowired
    LeadStore leads;

    @BeforeEach
    void read() {
        reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ATTENDEES, Topics.deadLetter(Topics.EXHIBITORS),
                Topics.deadLetter(Topics.SCANS));
    }

    @AfterEach
    void close() {
        reader.close();
    }

    @Test
    void an_import_is_idempotent_by_registration_and_reports_rejected_rows() {
        String body = HttpJson.json(List.of(
                Map.of("registrationId", "A-1", "firstName", "Salma", "lastName", "Benali", "email", "salma@example.ma"),
                Map.of("firstName", "No Id"),
                Map.of("registrationId", "A-3", "lastName", "Idrissi", "email", "not-an-email")));
        HttpJson.Answer first = organizer.post("/api/editions/" + edition + "/attendees/import", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("created").asInt()).isEqualTo(1);
        assertThat(first.json().get("rejected")).hasSize(2);
        assertThat(first.json().get("rejected").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(first.json().get("rejected").get(0).get("field").asString()).isEqualTo("registrationId");
        assertThat(first.json().get("rejected").get(1).get("field").asString()).isEqualTo("email");

        HttpJson.Answer again = organizer.post("/api/editions/" + edition + "/attendees/import", body);
        assertThat(again.json().get("created").asInt()).isZero();
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(1);
        String attendee = first.json().get("attendees").get(0).get("attendeeId").asString();

        // The registration system drops the email: the attendee loses it, once.
        String withoutEmail = HttpJson.json(List.of(Map.of("registrationId", "A-1", "firstName", "Salma", "lastName", "Benali")));
        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", withoutEmail).json().get("updated").asInt()).isEqualTo(1);
        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", withoutEmail).json().get("unchanged").asInt()).isEqualTo(1);
        org.bson.Document stored = mongo.findById(attendee, org.bson.Document.class, "attendees");
        assertThat(stored.containsKey("email")).isFalse();
        assertThat(stored.getLong("revision")).isEqualTo(2L);
        reader.await(record -> record.topic().equals(Topics.ATTENDEES) && attendee.equals(record.key())
                && record.value().contains("AttendeeUpdated"), WAIT);
        assertThat(reader.all(record -> record.topic().equals(Topics.ATTENDEES) && attendee.equals(record.key()))).hasSize(2);

        HttpJson.Answer lineBreak = organizer.post("/api/editions/" + edition + "/attendees/import",
                HttpJson.json(List.of(Map.of("registrationId", "A-9", "lastName", "Evil\r\nBcc: all@example.com"))));
        assertThat(lineBreak.json().get("rejected").get(0).get("reason").asString()).contains("control characters");

        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", "[{\"registrationId\": 12,").status()).isEqualTo(400);
        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", "{\"registrationId\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void a_broken_record_goes_to_the_dead_letter_topic_with_its_reason_and_the_next_one_is_processed() {
        String exhibitor = UUID.randomUUID().toString();
        writer.send(Topics.EXHIBITORS, exhibitor, "{\"eventId\": \"this is not json");
        String withoutEventId = exhibitorEvent(exhibitorView(exhibitor, ExhibitorStatus.APPROVED, 1, null)).replaceFirst("\"eventId\":\"[^\"]+\",", "");
        writer.send(Topics.EXHIBITORS, exhibitor, withoutEventId);
        publishExhibitor(exhibitorView(exhibitor, ExhibitorStatus.APPROVED, 1, null));

        ConsumerRecord<String, String> broken = reader.await(record -> record.topic().equals(Topics.deadLetter(Topics.EXHIBITORS))
                && exhibitor.equals(record.key()) && record.value().contains("this is not json"), WAIT);
        assertThat(TopicReader.header(broken, "kafka_dlt-exception-message")).isNotBlank();
        assertThat(TopicReader.header(broken, "expo_dlt-reason")).containsIgnoringCase("end-of-input");
        assertThat(TopicReader.header(broken, "kafka_dlt-original-topic")).isEqualTo(Topics.EXHIBITORS);
        ConsumerRecord<String, String> incomplete = reader.await(record -> record.topic().equals(Topics.deadLetter(Topics.EXHIBITORS))
                && exhibitor.equals(record.key()) && !record.value().contains("eventId"), WAIT);
        assertThat(TopicReader.header(incomplete, "expo_dlt-reason")).contains("eventId is required");

        await().atMost(WAIT).until(() -> exhibitors.find(exhibitor).isPresent());
    }

    @Test
    void a_scan_record_that_cannot_be_a_lead_goes_to_the_dead_letter_topic_and_the_scans_around_it_are_captured() {
        String exhibitor = approvedExhibitor();
        String before = importAttendee("D-1", "Before", true);
        String after = importAttendee("D-2", "After", true);
        String unknown = UUID.randomUUID().toString();
        writer.send(Topics.SCANS, exhibitor, scanEvent(exhibitor, before));
        writer.send(Topics.SCANS, exhibitor, "{\"eventId\": \"broken");
        writer.send(Topics.SCANS, exhibitor, scanEvent(exhibitor, unknown));
        writer.send(Topics.SCANS, exhibitor, scanEvent(exhibitor, after));

        ConsumerRecord<String, String> broken = reader.await(record -> record.topic().equals(Topics.deadLetter(Topics.SCANS))
                && exhibitor.equals(record.key()) && record.value().contains("broken"), WAIT);
        assertThat(TopicReader.header(broken, "expo_dlt-reason")).isNotBlank();
        ConsumerRecord<String, String> stranger = reader.await(record -> record.topic().equals(Topics.deadLetter(Topics.SCANS))
                && record.value().contains(unknown), WAIT);
        assertThat(TopicReader.header(stranger, "expo_dlt-reason")).contains("unknown attendee");
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, before)).isPresent()
                && leads.find(Lead.idOf(exhibitor, after)).isPresent());
        assertThat(leads.find(Lead.idOf(exhibitor, unknown))).isEmpty();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

    @Test
    void in_a_poll_mixing_an_erased_visitors_scan_a_strangers_and_a_known_visitors_only_the_strangers_is_dead_lettered() {
        String exhibitor = approvedExhibitor();
        String erased = importAttendee("P-1", "Erased", true);
        String known = importAttendee("P-2", "Known", true);
        String stranger = UUID.randomUUID().toString();
        var capture = listeners.getListenerContainer(LeadCapture.LISTENER_ID);
        capture.stop();
        try {
            // Three records in a row on the exhibitor's partition, read in one poll once capture starts again:
            // a scan whose visitor is then erased (skipped: its key is gone), a scan of nobody, a scan of a visitor.
            String erasedScan = UUID.randomUUID().toString();
            assertThat(scan(exhibitor, "amine", erasedScan, badgeOf(erased)).status()).isEqualTo(202);
            assertThat(organizer.post("/api/attendees/" + erased + "/erasure", "{}").status()).isEqualTo(202);
            await().atMost(WAIT).until(() -> !mongo.findById(erased, org.bson.Document.class,
                    io.expoleads.platform.privacy.VisitorKeys.COLLECTION).containsKey("wrapped"));
            writer.send(Topics.SCANS, exhibitor, scanEvent(exhibitor, stranger));
            String knownScan = UUID.randomUUID().toString();
            assertThat(scan(exhibitor, "amine", knownScan, badgeOf(known)).status()).isEqualTo(202);
            capture.start();

            ConsumerRecord<String, String> parked = reader.await(record -> record.topic().equals(Topics.deadLetter(Topics.SCANS))
                    && record.value().contains(stranger), WAIT);
            assertThat(TopicReader.header(parked, "expo_dlt-reason")).contains("unknown attendee");
            await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, known)).isPresent());
            // The dead letter named the record at fault: not the erased visitor's skipped scan before it, not the known one after.
            assertThat(reader.all(record -> record.topic().equals(Topics.deadLetter(Topics.SCANS))
                    && (record.value().contains(erasedScan) || record.value().contains(knownScan))))
                    .extracting(record -> record.value().contains(erasedScan) ? "the erased visitor's scan" : "the known visitor's scan")
                    .as("dead letters of records not at fault").isEmpty();
            assertThat(leads.find(Lead.idOf(exhibitor, erased))).isEmpty();
            assertThat(leads.find(Lead.idOf(exhibitor, stranger))).isEmpty();
        } finally {
            if (!capture.isRunning()) {
                capture.start();
            }
        }
    }

    private String scanEvent(String exhibitor, String attendee) {
        ScanAccepted scan = new ScanAccepted(UUID.randomUUID().toString(), exhibitor, edition, attendee, "amine", null,
                Instant.now(), Instant.now(), null, null, null, null, null, null);
        return json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), "ScanAccepted", Instant.now(), edition, exhibitor, scan));
    }

    @Test
    void a_read_model_only_moves_forward() {
        String id = UUID.randomUUID().toString();
        assertThat(RevisionGuard.upsertIfNewer(mongo, "exhibitors", id, 2, new Update().set("status", "APPROVED"))).isTrue();
        assertThat(RevisionGuard.upsertIfNewer(mongo, "exhibitors", id, 1, new Update().set("status", "SUBMITTED"))).isFalse();
        assertThat(RevisionGuard.upsertIfNewer(mongo, "exhibitors", id, 2, new Update().set("status", "WITHDRAWN"))).isFalse();
        assertThat(mongo.findById(id, io.expoleads.lead.exhibitor.BoothExhibitor.class, "exhibitors").status()).isEqualTo(ExhibitorStatus.APPROVED);
        assertThat(RevisionGuard.upsertIfNewer(mongo, "exhibitors", id, 3, new Update().set("status", "WITHDRAWN"))).isTrue();
        assertThat(mongo.findById(id, io.expoleads.lead.exhibitor.BoothExhibitor.class, "exhibitors").status()).isEqualTo(ExhibitorStatus.WITHDRAWN);
    }
}
