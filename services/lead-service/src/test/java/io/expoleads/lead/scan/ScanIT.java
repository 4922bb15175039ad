package io.expoleads.lead.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.badge.Badges;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import tools.jackson.databind.JsonNode;

/**
 * Scanning, one scan at a time and as an offline queue: what is taken, what is a duplicate, what
 * is refused and why, and that a taken scan is on {@code expo.scans.v1} before the answer.
 */
class ScanIT extends LeadServiceIT {

    @Autowired
    AttendeeDirectory attendees;
    @Autowired
    LeadStore leads;
    @Autowired
    Badges badges;
    @Autowired
    ScanClaims claims;
    @Autowired
    io.expoleads.lead.exhibitor.BoothExhibitors boothExhibitors;
    @Autowired
    io.expoleads.lead.edition.EditionCalendar calendar;
    @Autowired
    OfflineQueueGate offlineQueues;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    TopicReader reader;

    @BeforeEach
    void read() {
        reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.SCANS, Topics.LEADS);
    }

    @AfterEach
    void close() {
        reader.close();
    }

    @Test
    void a_scan_is_on_the_topic_when_answered_and_teammates_see_who_scanned_the_visitor_first() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("R-1", "Youssef", true);
        String badge = badgeOf(attendee);

        String first = UUID.randomUUID().toString();
        HttpJson.Answer receipt = scan(exhibitor, "amine", first, badge);
        assertThat(receipt.status()).as(receipt.text()).isEqualTo(202);
        assertThat(receipt.field("status")).isEqualTo("ACCEPTED");
        assertThat(receipt.json().get("attendee").get("firstName").asString()).isEqualTo("Youssef");
        assertThat(receipt.json().get("alreadyLead").isNull()).as("new to this exhibitor").isTrue();
        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && record.value().contains(first)))
                .as("on Kafka before the answer").hasSize(1);

        String leadId = Lead.idOf(exhibitor, attendee);
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());
        HttpJson.Answer again = scan(exhibitor, "amine", first, badge);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.field("status")).isEqualTo("DUPLICATE");
        assertThat(again.json().get("alreadyLead").get("lastScannedByName").asString()).isEqualTo("Amine Alaoui");

        HttpJson.Answer teammate = scan(exhibitor, "salma", UUID.randomUUID().toString(), badge);
        assertThat(teammate.field("status")).isEqualTo("ACCEPTED");
        JsonNode already = teammate.json().get("alreadyLead");
        assertThat(already.get("lastScannedBy").asString()).isEqualTo("amine");
        assertThat(already.get("lastScannedByName").asString()).as("the teammate's name, from the exhibitor's view")
                .isEqualTo("Amine Alaoui");
        assertThat(already.get("names").get("amine").asString()).isEqualTo("Amine Alaoui");
        assertThat(already.get("scanCount").asInt()).isEqualTo(1);
        assertThat(already.get("lastScanAt").asString()).isNotBlank();

        await().atMost(WAIT).until(() -> leads.find(leadId).orElseThrow().scanCount() == 2);
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.scans()).extracting(scan -> scan.staffId()).containsExactly("amine", "salma");
        assertThat(lead.scannedBy()).containsExactly("amine", "salma");
        assertThat(mongo.getCollection("leads").countDocuments(new org.bson.Document("attendeeId", attendee))).isEqualTo(1);
        reader.await(record -> record.value().contains(leadId) && record.value().contains("LeadUpdated"), WAIT);
        assertThat(reader.all(record -> record.topic().equals(Topics.LEADS) && record.value().contains(leadId)))
                .extracting(record -> json.readTree(record.value()).get("type").asString())
                .containsExactly("LeadCaptured", "LeadUpdated");
        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && record.value().contains(first)))
                .as("the duplicate went nowhere").hasSize(1);
    }

    @Test
    void a_scan_id_reused_for_another_badge_is_a_conflict_and_scan_ids_are_each_exhibitors_own() {
        String atlas = approvedExhibitor();
        String rival = approvedExhibitor();
        String visitor = badgeOf(importAttendee("R-10", "Hind", true));
        String other = badgeOf(importAttendee("R-11", "Yassine", true));
        String scanId = UUID.randomUUID().toString();
        assertThat(scan(atlas, "amine", scanId, visitor).field("status")).isEqualTo("ACCEPTED");

        HttpJson.Answer reused = scan(atlas, "amine", scanId, other);
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.field("reason")).isEqualTo("SCAN_ID_REUSED");

        HttpJson.Answer elsewhere = scan(rival, "amine", scanId, other);
        assertThat(elsewhere.field("status")).as("another exhibitor's scanner made the same id").isEqualTo("ACCEPTED");
        assertThat(elsewhere.json().get("alreadyLead").isNull()).isTrue();
    }

    @Test
    void an_offline_queue_is_taken_in_one_call_with_a_status_per_scan() {
        String exhibitor = approvedExhibitor();
        List<String> badgesOfVisitors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            badgesOfVisitors.add(badgeOf(importAttendee("Q-" + i, "Visitor " + i, i % 2 == 0)));
        }
        String sentBefore = UUID.randomUUID().toString();
        assertThat(scan(exhibitor, "amine", sentBefore, badgesOfVisitors.get(0)).field("status")).isEqualTo("ACCEPTED");
        String revokedAttendee = importAttendee("Q-revoked", "Old Badge", true);
        String revokedBadge = badgeOf(revokedAttendee);
        assertThat(organizer.post("/api/attendees/" + revokedAttendee + "/badge/revoke", null).status()).isEqualTo(200);
        String twice = UUID.randomUUID().toString();
        Instant at = Instant.now().minus(20, ChronoUnit.MINUTES);

        List<Map<String, Object>> queue = new ArrayList<>();
        queue.add(scanOf(sentBefore, badgesOfVisitors.get(0), at));          // sent before the network fell
        for (int i = 1; i < 5; i++) {
            queue.add(scanOf(i == 1 ? twice : UUID.randomUUID().toString(), badgesOfVisitors.get(i), at.plusSeconds(i)));
        }
        queue.add(scanOf(twice, badgesOfVisitors.get(1), at.plusSeconds(1))); // queued twice by a flaky app
        queue.add(scanOf(UUID.randomUUID().toString(), "not a badge at all", at));
        queue.add(scanOf(UUID.randomUUID().toString(), revokedBadge, at));
        HttpJson.Answer answer = staff(exhibitor, "salma").post("/api/scans/batch", HttpJson.json(Map.of("scans", queue)));

        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        JsonNode receipt = answer.json();
        assertThat(receipt.get("received").asInt()).isEqualTo(8);
        assertThat(receipt.get("accepted").asInt()).isEqualTo(4);
        assertThat(receipt.get("duplicates").asInt()).isEqualTo(2);
        assertThat(receipt.get("rejected").asInt()).isEqualTo(2);
        List<String> statuses = new ArrayList<>();
        receipt.get("results").forEach(result -> statuses.add(result.get("status").asString()));
        assertThat(statuses).containsExactly("DUPLICATE", "ACCEPTED", "ACCEPTED", "ACCEPTED", "ACCEPTED", "DUPLICATE",
                "REJECTED", "REJECTED");
        assertThat(receipt.get("results").get(6).get("reason").asString()).isEqualTo("MALFORMED");
        assertThat(receipt.get("results").get(7).get("reason").asString()).isEqualTo("REVOKED");

        for (int i = 0; i < 5; i++) {
            String attendee = badges.verify(badgesOfVisitors.get(i), edition).attendeeId();
            await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, attendee)).isPresent());
        }
        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && exhibitor.equals(record.key())))
                .as("one record per distinct scan").hasSize(5);

        HttpJson.Answer resent = staff(exhibitor, "salma").post("/api/scans/batch", HttpJson.json(Map.of("scans", queue)));
        assertThat(resent.json().get("accepted").asInt()).as("the whole queue sent again").isZero();
        assertThat(resent.json().get("duplicates").asInt()).isEqualTo(6);
    }

    @Test
    void scans_stamped_in_the_future_or_outside_the_edition_are_taken_and_flagged() {
        publishEdition(LocalDate.now().minusDays(1), LocalDate.now().plusDays(1), "Africa/Casablanca");
        String exhibitor = approvedExhibitor();
        String badge = badgeOf(importAttendee("F-1", "Rachid", true));
        String future = UUID.randomUUID().toString();
        HttpJson.Answer ahead = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId", future,
                "badge", badge, "scannedAt", Instant.now().plus(30, ChronoUnit.DAYS).toString())));
        assertThat(ahead.status()).isEqualTo(202);
        assertThat(ahead.json().get("flags").toString()).contains("FUTURE_SCAN_TIME", "OUTSIDE_EDITION_DATES");

        HttpJson.Answer setUpDay = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId",
                UUID.randomUUID().toString(), "badge", badge, "scannedAt", Instant.now().minus(3, ChronoUnit.DAYS).toString())));
        assertThat(setUpDay.status()).isEqualTo(202);
        assertThat(setUpDay.json().get("flags").toString()).contains("OUTSIDE_EDITION_DATES").doesNotContain("FUTURE");

        HttpJson.Answer inTime = scan(exhibitor, "salma", UUID.randomUUID().toString(), badge);
        assertThat(inTime.json().get("flags").size()).isZero();

        String leadId = inTime.field("leadId");
        await().atMost(WAIT).until(() -> leads.find(leadId).map(lead -> lead.scanCount() == 3).orElse(false));
        assertThat(leads.find(leadId).orElseThrow().flags().toString()).contains("FUTURE_SCAN_TIME", "OUTSIDE_EDITION_DATES");
    }

    @Test
    void the_qualification_taken_at_the_booth_travels_with_the_scan_and_is_checked_against_the_form() {
        String exhibitor = UUID.randomUUID().toString();
        QualificationForm form = new QualificationForm(1, List.of(
                new QualificationForm.Question("interest", "Interest", QualificationForm.QuestionType.SINGLE_CHOICE,
                        List.of("buses", "metro"), true),
                new QualificationForm.Question("budget", "Budget known", QualificationForm.QuestionType.YES_NO, null, false)));
        publishExhibitor(exhibitorView(exhibitor, ExhibitorStatus.APPROVED, 3, form));
        await().atMost(WAIT).until(() -> boothExhibitors.find(exhibitor).map(known -> known.formVersion() != null).orElse(false));
        String badge = badgeOf(importAttendee("Q-1", "Leila", true));

        Map<String, Object> wrong = new HashMap<>(scanOf(UUID.randomUUID().toString(), badge, Instant.now()));
        wrong.put("answers", Map.of("interest", "tramway", "unknown", true));
        wrong.put("rating", 9);
        HttpJson.Answer refused = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(wrong));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").toString()).contains("answers.interest", "answers.unknown", "rating");
        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && exhibitor.equals(record.key()))).isEmpty();

        Map<String, Object> qualified = new HashMap<>(scanOf(UUID.randomUUID().toString(), badge, Instant.now()));
        qualified.put("rating", 5);
        qualified.put("answers", Map.of("interest", "metro", "budget", true));
        qualified.put("tags", List.of("vip", " fleet "));
        qualified.put("note", "Wants a demo of the fleet dashboard");
        HttpJson.Answer taken = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(qualified));
        assertThat(taken.status()).as(taken.text()).isEqualTo(202);

        String leadId = taken.field("leadId");
        ConsumerRecord<String, String> captured = reader.await(record -> record.topic().equals(Topics.LEADS)
                && record.value().contains(leadId), WAIT);
        JsonNode view = json.readTree(captured.value());
        assertThat(view.get("type").asString()).isEqualTo("LeadCaptured");
        // As they would appear in clear JSON, quotes included: the sealed text is base64, which has no
        // quotes, but holds any three letters by chance now and then ("vip" once failed a full run).
        assertThat(captured.value()).as("the qualification travels sealed")
                .doesNotContain("\"metro\"", "fleet dashboard", "\"vip\"");
        io.expoleads.events.LeadView lead = openedLead(captured.value()).orElseThrow();
        assertThat(lead.rating()).isEqualTo(5);
        assertThat(lead.formVersion()).isEqualTo(1);
        assertThat(lead.answers().get("interest")).isEqualTo("metro");
        assertThat(lead.answers().get("budget")).isEqualTo(true);
        assertThat(lead.tags()).containsExactly("fleet", "vip");
        assertThat(lead.notes().get(0).authorId()).isEqualTo("amine");
        assertThat(lead.revision()).isEqualTo(1);
    }

    @Test
    void who_may_scan_is_checked_on_every_scan() {
        String exhibitor = approvedExhibitor();
        String badge = badgeOf(importAttendee("W-1", "Omar", true));

        HttpJson.Answer revoked = scan(exhibitor, "karim", UUID.randomUUID().toString(), badge);
        assertThat(revoked.status()).isEqualTo(403);
        assertThat(revoked.field("reason")).isEqualTo("STAFF_REVOKED");

        assertThat(device(exhibitor, "device-1").post("/api/scans", HttpJson.json(scanOf(UUID.randomUUID().toString(), badge,
                Instant.now()))).field("status")).isEqualTo("ACCEPTED");
        HttpJson.Answer unknownDevice = device(exhibitor, "device-9").post("/api/scans", HttpJson.json(scanOf(
                UUID.randomUUID().toString(), badge, Instant.now())));
        assertThat(unknownDevice.status()).isEqualTo(403);
        assertThat(unknownDevice.field("reason")).isEqualTo("DEVICE_REVOKED");

        String submitted = exhibitorInState(ExhibitorStatus.SUBMITTED);
        HttpJson.Answer notApproved = scan(submitted, "amine", UUID.randomUUID().toString(), badge);
        assertThat(notApproved.status()).isEqualTo(422);
        assertThat(notApproved.field("reason")).isEqualTo("EXHIBITOR_NOT_APPROVED");

        String otherEdition = edition;
        edition = UUID.randomUUID().toString();
        String elsewhere = approvedExhibitor();
        HttpJson.Answer wrongEdition = scan(elsewhere, "amine", UUID.randomUUID().toString(), badge);
        assertThat(wrongEdition.status()).isEqualTo(422);
        assertThat(wrongEdition.field("reason")).isEqualTo("WRONG_EDITION");
        edition = otherEdition;

        String[] parts = badge.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        HttpJson.Answer tampered = scan(exhibitor, "amine", UUID.randomUUID().toString(), forged);
        assertThat(tampered.status()).isEqualTo(422);
        assertThat(tampered.field("reason")).isEqualTo("BAD_SIGNATURE");
        HttpJson.Answer garbage = scan(exhibitor, "amine", UUID.randomUUID().toString(), "<script>alert(1)</script>");
        assertThat(garbage.status()).isEqualTo(422);
        assertThat(garbage.field("reason")).isEqualTo("MALFORMED");
        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && (elsewhere.equals(record.key())
                || submitted.equals(record.key())))).isEmpty();
    }

    @Test
    void in_an_offline_queue_a_bad_scan_is_refused_alone_and_a_resend_is_a_duplicate_whatever_changed_since() {
        String exhibitor = approvedExhibitor();
        String yasmine = importAttendee("O-1", "Yasmine", true);
        String badge = badgeOf(yasmine);
        String other = badgeOf(importAttendee("O-2", "Driss", true));
        String taken = UUID.randomUUID().toString();
        assertThat(scan(exhibitor, "amine", taken, badge).field("status")).isEqualTo("ACCEPTED");
        String reusedTwice = UUID.randomUUID().toString();
        assertThat(scan(exhibitor, "amine", reusedTwice, badge).field("status")).isEqualTo("ACCEPTED");

        Map<String, Object> hugeRating = new HashMap<>(scanOf(UUID.randomUUID().toString(), other, Instant.now()));
        hugeRating.put("rating", 4294967297L);
        Map<String, Object> longNote = new HashMap<>(scanOf(UUID.randomUUID().toString(), other, Instant.now()));
        longNote.put("note", "n".repeat(2001));
        Map<String, Object> manyTags = new HashMap<>(scanOf(UUID.randomUUID().toString(), other, Instant.now()));
        manyTags.put("tags", java.util.stream.IntStream.range(0, 21).mapToObj(i -> "t" + i).toList());
        Map<String, Object> textRating = new HashMap<>(scanOf(UUID.randomUUID().toString(), other, Instant.now()));
        textRating.put("rating", "4");
        Map<String, Object> unstorable = scanOf(UUID.randomUUID().toString(), other, Instant.parse("+999999999-01-01T00:00:00Z"));
        Map<String, Object> longBadge = scanOf(UUID.randomUUID().toString(), "x".repeat(5000), Instant.now());
        String good = UUID.randomUUID().toString();
        List<Map<String, Object>> queue = List.of(hugeRating, longNote, manyTags, textRating, unstorable, longBadge,
                scanOf(reusedTwice, other, Instant.now()), scanOf(reusedTwice, other, Instant.now()),
                scanOf(good, other, Instant.now()));
        HttpJson.Answer answer = staff(exhibitor, "salma").post("/api/scans/batch", HttpJson.json(Map.of("scans", queue)));
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        List<String> outcomes = new ArrayList<>();
        answer.json().get("results").forEach(result -> outcomes.add(result.get("status").asString() + " "
                + (result.get("reason").isNull() ? "" : result.get("reason").asString())));
        assertThat(outcomes).containsExactly("REJECTED INVALID_QUALIFICATION", "REJECTED INVALID_QUALIFICATION",
                "REJECTED INVALID_QUALIFICATION", "REJECTED INVALID_QUALIFICATION", "REJECTED INVALID_SCAN_TIME",
                "REJECTED MALFORMED", "REJECTED SCAN_ID_REUSED", "REJECTED SCAN_ID_REUSED", "ACCEPTED ");
        assertThat(answer.json().get("duplicates").asInt()).isZero();

        HttpJson.Answer farFuture = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(unstorable));
        assertThat(farFuture.status()).isEqualTo(400);
        assertThat(farFuture.field("reason")).isEqualTo("INVALID_SCAN_TIME");

        // The answer to the first scan was lost; meanwhile the badge was revoked and amine lost his seat.
        assertThat(organizer.post("/api/attendees/" + yasmine + "/badge/revoke", null).status()).isEqualTo(200);
        ExhibitorView withoutAmine = new ExhibitorView(exhibitor, edition, 5, ExhibitorStatus.APPROVED, "Atlas Mobility", "MA", "fr",
                "B-12", 4, List.of(), List.of("salma"), List.of(), null, null,
                "admin@atlas-mobility.ma", Map.of("amine", "Amine Alaoui", "salma", "Salma Bennani"));
        publishExhibitor(withoutAmine);
        await().atMost(WAIT).until(() -> !boothExhibitors.find(exhibitor).orElseThrow().activeStaff().contains("amine"));
        HttpJson.Answer resent = scan(exhibitor, "amine", taken, badge);
        assertThat(resent.status()).as(resent.text()).isEqualTo(202);
        assertThat(resent.field("status")).isEqualTo("DUPLICATE");
        assertThat(scan(exhibitor, "amine", UUID.randomUUID().toString(), badge).status()).as("a new scan is checked").isEqualTo(403);
    }

    @Test
    void malformed_scans_get_a_problem_detail_and_change_nothing() {
        String exhibitor = approvedExhibitor();
        String badge = badgeOf(importAttendee("M-1", "Sara", true));
        HttpJson amine = staff(exhibitor, "amine");
        assertThat(amine.post("/api/scans", "{\"scanId\": ").status()).isEqualTo(400);
        HttpJson.Answer wrongType = amine.post("/api/scans", "{\"scanId\": 12, \"badge\": \"" + badge + "\", \"scannedAt\": \"now\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.contentType()).contains("application/problem+json");
        HttpJson.Answer missing = amine.post("/api/scans", HttpJson.json(Map.of("badge", badge, "scannedAt", Instant.now().toString())));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors").toString()).contains("scanId");
        HttpJson.Answer noDate = amine.post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", badge,
                "scannedAt", "2026-13-40T10:00:00Z")));
        assertThat(noDate.status()).isEqualTo(400);
        assertThat(noDate.json().get("errors").findValuesAsString("field")).containsExactly("scannedAt");
        assertThat(amine.post("/api/scans", HttpJson.json(Map.of("scanId", "not-a-uuid", "badge", badge,
                "scannedAt", Instant.now().toString()))).status()).isEqualTo(400);
        assertThat(amine.post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", badge,
                "scannedAt", Instant.now().toString(), "staffId", "someone-else"))).status())
                .as("the scanner comes from the token only").isEqualTo(400);

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= ScanController.MAX_BATCH; i++) {
            tooMany.add(scanOf(UUID.randomUUID().toString(), badge, Instant.now()));
        }
        HttpJson.Answer oversized = amine.post("/api/scans/batch", HttpJson.json(Map.of("scans", tooMany)));
        assertThat(oversized.status()).isEqualTo(400);
        assertThat(oversized.text()).contains("scans");
        List<Map<String, Object>> oneBroken = new ArrayList<>(List.of(scanOf(UUID.randomUUID().toString(), badge, Instant.now())));
        oneBroken.add(Map.of("badge", badge, "scannedAt", Instant.now().toString()));
        HttpJson.Answer missingInBatch = amine.post("/api/scans/batch", HttpJson.json(Map.of("scans", oneBroken)));
        assertThat(missingInBatch.status()).isEqualTo(400);
        assertThat(missingInBatch.text()).contains("scans[1].scanId");
        assertThat(amine.post("/api/scans/batch", "{\"scans\": []}").status()).isEqualTo(400);
        assertThat(amine.post("/api/scans/batch", "[]").status()).isEqualTo(400);

        String hugeBody = "{\"scans\":[{\"note\":\"" + "x".repeat(9_000_000) + "\"}]}";
        HttpJson.Answer tooLarge = amine.post("/api/scans/batch", hugeBody);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(amine.postChunked("/api/scans/batch", hugeBody).status()).as("also when the length is not announced").isEqualTo(413);

        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && exhibitor.equals(record.key())))
                .as("nothing was taken").isEmpty();
        assertThat(mongo.getCollection(ScanClaims.COLLECTION).countDocuments(new org.bson.Document("exhibitorId", exhibitor)))
                .isZero();
    }

    @Test
    void an_offline_queue_beyond_those_an_instance_takes_at_once_is_refused_whole_and_taken_when_sent_again() throws Exception {
        String exhibitor = approvedExhibitor();
        String queued = badgeOf(importAttendee("G-1", "Queued", true));
        String single = badgeOf(importAttendee("G-2", "Single", true));
        String queuedScan = UUID.randomUUID().toString();
        List<Map<String, Object>> queue = List.of(scanOf(queuedScan, queued, Instant.now().minus(5, ChronoUnit.MINUTES)));

        // Two phones' queues under way (the default bound), held until the latch opens.
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService phones = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2; i++) {
                phones.submit(() -> offlineQueues.take(() -> {
                    try {
                        return done.await(1, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }));
            }
            await().atMost(WAIT).until(() -> offlineQueues.underWay() == 2);

            HttpJson.Answer busy = staff(exhibitor, "salma").post("/api/scans/batch", HttpJson.json(Map.of("scans", queue)));
            assertThat(busy.status()).as(busy.text()).isEqualTo(503);
            assertThat(busy.field("reason")).isEqualTo("SERVICE_BUSY");
            assertThat(busy.headers().firstValue("Retry-After")).contains("5");
            assertThat(scan(exhibitor, "amine", UUID.randomUUID().toString(), single).field("status"))
                    .as("a single scan is taken meanwhile").isEqualTo("ACCEPTED");
        } finally {
            done.countDown();
            phones.shutdown();
        }
        await().atMost(WAIT).until(() -> offlineQueues.underWay() == 0);
        assertThat(reader.all(record -> record.topic().equals(Topics.SCANS) && exhibitor.equals(record.key())))
                .as("the single scan only: nothing of the refused queue").hasSize(1);

        HttpJson.Answer resent = staff(exhibitor, "salma").post("/api/scans/batch", HttpJson.json(Map.of("scans", queue)));
        assertThat(resent.status()).as(resent.text()).isEqualTo(202);
        assertThat(resent.json().get("accepted").asInt()).as("never claimed before, so taken now").isEqualTo(1);
        assertThat(meters.get("expo.scans").tag("mode", "batch").tag("outcome", "failed").tag("reason", "SERVICE_BUSY").counter()
                .count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void when_kafka_cannot_take_the_scan_the_answer_is_503_and_a_resend_goes_through() {
        String exhibitor = approvedExhibitor();
        String attendee = importAttendee("K-1", "Amrani", true);
        String badge = badgeOf(attendee);

        @SuppressWarnings({"unchecked", "rawtypes"})
        KafkaTemplate<Object, Object> unreachable = new KafkaTemplate<>(new DefaultKafkaProducerFactory<Object, Object>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000),
                (Serializer) new StringSerializer(), new JacksonJsonSerializer<>(json)));
        ScanDesk down = new ScanDesk(boothExhibitors, attendees, badges, calendar, claims, leads, unreachable, seal, clock);
        UUID scanId = UUID.randomUUID();
        ScanRequest scan = new ScanRequest(scanId, badge, null, null, Instant.now(), null, null, null, null, null);
        Tenant amine = new Tenant("amine@atlas.example", List.of("STAFF"), exhibitor, "amine");

        assertThatThrownBy(() -> down.accept(scan, amine))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThatThrownBy(() -> down.acceptAll(List.of(scan), amine))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThat(leads.find(Lead.idOf(exhibitor, attendee))).isEmpty();

        HttpJson.Answer resent = scan(exhibitor, "amine", scanId.toString(), badge);
        assertThat(resent.field("status")).as("never confirmed before, so taken now").isEqualTo("ACCEPTED");
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, attendee)).isPresent());
    }

    private static Map<String, Object> scanOf(String scanId, String badge, Instant at) {
        return Map.of("scanId", scanId, "badge", badge, "scannedAt", at.toString());
    }
}
