package io.expoleads.lead.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.QualificationForm.Question;
import io.expoleads.events.QualificationForm.QuestionType;
import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Staff qualify a lead: each change is merged into the latest state, and nobody's edit erases another's. */
class LeadQualificationIT extends LeadServiceIT {

    static final QualificationForm FORM_V1 = new QualificationForm(1, List.of(
            new Question("interest", "Main interest", QuestionType.SINGLE_CHOICE, List.of("buses", "metro", "bikes"), true),
            new Question("products", "Products", QuestionType.MULTIPLE_CHOICE, List.of("ticketing", "fleet", "data"), false),
            new Question("budget", "Budget known", QuestionType.YES_NO, null, false),
            new Question("urgency", "Urgency", QuestionType.SCALE_1_TO_5, null, false),
            new Question("remarks", "Remarks", QuestionType.FREE_TEXT, null, false)));
    static final QualificationForm FORM_V2 = new QualificationForm(2, List.of(
            new Question("interest", "Main interest", QuestionType.SINGLE_CHOICE, List.of("buses", "tramway"), true)));

    @Autowired
    LeadStore leads;

    TopicReader reader;
    String exhibitor;

    @BeforeEach
    void setUp() {
        reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.LEADS);
        exhibitor = UUID.randomUUID().toString();
        publishExhibitor(exhibitorView(exhibitor, ExhibitorStatus.APPROVED, 1, FORM_V1));
        publishExhibitor(exhibitorView(exhibitor, ExhibitorStatus.APPROVED, 2, FORM_V2));
        await().atMost(WAIT).until(() -> exhibitors.find(exhibitor).map(known -> Integer.valueOf(2).equals(known.formVersion()))
                .orElse(false));
    }

    @AfterEach
    void close() {
        reader.close();
    }

    @Test
    void a_change_touches_only_what_it_names_and_publishes_lead_qualified() {
        String leadId = capturedLead("Q-1");
        HttpJson amine = staff(exhibitor, "amine");

        HttpJson.Answer rated = amine.patch("/api/leads/" + leadId, HttpJson.json(Map.of("rating", 4, "formVersion", 1,
                "answers", Map.of("interest", "metro", "products", List.of("fleet", "data"), "budget", true, "urgency", 5,
                        "remarks", "Call after the fair"),
                "addTags", List.of("vip", "fleet"), "followUp", true, "note", "Met the CTO")));
        assertThat(rated.status()).as(rated.text()).isEqualTo(200);
        JsonNode lead = rated.json();
        assertThat(lead.get("rating").asInt()).isEqualTo(4);
        assertThat(lead.get("formVersion").asInt()).as("answered on the version the scanner had").isEqualTo(1);
        assertThat(lead.get("answers").get("products").toString()).isEqualTo("[\"fleet\",\"data\"]");
        assertThat(lead.get("tags").toString()).isEqualTo("[\"fleet\",\"vip\"]");
        assertThat(lead.get("followUp").asBoolean()).isTrue();

        HttpJson.Answer salmaNote = staff(exhibitor, "salma").patch("/api/leads/" + leadId,
                HttpJson.json(Map.of("note", "Asked for the price list", "removeTags", List.of("fleet"))));
        assertThat(salmaNote.json().get("rating").asInt()).as("untouched").isEqualTo(4);
        assertThat(salmaNote.json().get("tags").toString()).isEqualTo("[\"vip\"]");
        assertThat(salmaNote.json().get("notes").findValuesAsString("authorId")).containsExactly("amine", "salma");

        Map<String, Object> clear = new HashMap<>();
        clear.put("rating", null);
        clear.put("note", null);
        HttpJson.Answer cleared = amine.patch("/api/leads/" + leadId, HttpJson.json(clear));
        assertThat(cleared.json().get("rating").isNull()).isTrue();
        assertThat(cleared.json().get("notes").findValuesAsString("authorId")).as("amine's own note only").containsExactly("salma");
        long revision = cleared.json().get("revision").asLong();

        HttpJson.Answer same = amine.patch("/api/leads/" + leadId, HttpJson.json(Map.of("followUp", true)));
        assertThat(same.json().get("revision").asLong()).as("nothing changed, nothing published").isEqualTo(revision);

        HttpJson.Answer detail = admin(exhibitor).get("/api/leads/" + leadId);
        assertThat(detail.json().get("scans").get(0).get("staffId").asString()).isEqualTo("amine");
        assertThat(detail.json().get("notes").get(0).get("text").asString()).isEqualTo("Asked for the price list");

        reader.await(record -> record.value().contains(leadId) && record.value().contains("\"revision\":" + revision), WAIT);
        assertThat(reader.all(record -> record.value().contains(leadId)))
                .extracting(record -> json.readTree(record.value()).get("type").asString())
                .containsExactly("LeadCaptured", "LeadQualified", "LeadQualified", "LeadQualified");
    }

    @Test
    void two_staff_editing_the_same_lead_at_the_same_moment_both_keep_their_edits() throws Exception {
        String leadId = capturedLead("Q-2");
        int rounds = Lead.MAX_TAGS / 2;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                int n = round;
                Future<Integer> amine = pool.submit(() -> {
                    together.await();
                    return staff(exhibitor, "amine").patch("/api/leads/" + leadId, HttpJson.json(Map.of(
                            "note", "amine " + n, "addTags", List.of("a" + n), "rating", 1 + n % 5))).status();
                });
                Future<Integer> salma = pool.submit(() -> {
                    together.await();
                    return staff(exhibitor, "salma").patch("/api/leads/" + leadId, HttpJson.json(Map.of(
                            "note", "salma " + n, "addTags", List.of("s" + n), "answers", Map.of("interest", "buses")))).status();
                });
                assertThat(amine.get(30, TimeUnit.SECONDS)).isEqualTo(200);
                assertThat(salma.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.notes()).extracting(note -> note.authorId() + ": " + note.text())
                .containsExactlyInAnyOrder("amine: amine " + (rounds - 1), "salma: salma " + (rounds - 1));
        List<String> everyTag = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            everyTag.add("a" + round);
            everyTag.add("s" + round);
        }
        assertThat(lead.tags()).containsExactlyInAnyOrderElementsOf(everyTag);
        assertThat(lead.rating()).isEqualTo(1 + (rounds - 1) % 5);
        assertThat(lead.answers()).containsEntry("interest", "buses");
        assertThat(lead.formVersion()).isEqualTo(2);
    }

    @Test
    void answers_on_an_older_form_version_never_replace_newer_ones() {
        String leadId = capturedLead("Q-6");
        HttpJson amine = staff(exhibitor, "amine");
        assertThat(amine.patch("/api/leads/" + leadId, HttpJson.json(Map.of("formVersion", 2, "answers", Map.of("interest", "tramway"))))
                .status()).isEqualTo(200);
        HttpJson.Answer older = amine.patch("/api/leads/" + leadId, HttpJson.json(Map.of("formVersion", 1, "answers",
                Map.of("interest", "metro"))));
        assertThat(older.status()).isEqualTo(409);
        assertThat(older.field("reason")).isEqualTo("OLDER_FORM_VERSION");

        Map<String, Object> offline = new java.util.HashMap<>(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badgeOf(leads.find(leadId).orElseThrow().attendeeId()), "scannedAt", java.time.Instant.now().toString(),
                "formVersion", 1, "answers", Map.of("interest", "bikes"), "rating", 3));
        assertThat(staff(exhibitor, "salma").post("/api/scans", HttpJson.json(offline)).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> leads.find(leadId).orElseThrow().scanCount() == 2);
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.formVersion()).isEqualTo(2);
        assertThat(lead.answers()).containsExactly(Map.entry("interest", "tramway"));
        assertThat(lead.rating()).as("the rest of the booth qualification is taken").isEqualTo(3);
    }

    @Test
    void an_invalid_change_is_refused_field_by_field_and_changes_nothing() {
        String leadId = capturedLead("Q-3");
        long before = leads.find(leadId).orElseThrow().revision();
        HttpJson amine = staff(exhibitor, "amine");

        HttpJson.Answer wrong = amine.patch("/api/leads/" + leadId, HttpJson.json(Map.of("rating", 7,
                "answers", Map.of("interest", "metro", "budget", "maybe"), "tags", "vip", "followUp", "yes",
                "note", 42, "scanCount", 100)));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").findValuesAsString("field"))
                .contains("rating", "answers.interest", "answers.budget", "tags", "followUp", "note", "scanCount");
        assertThat(amine.patch("/api/leads/" + leadId, HttpJson.json(Map.of("formVersion", 9, "answers",
                Map.of("interest", "buses")))).json().get("errors").findValuesAsString("field")).containsExactly("formVersion");
        assertThat(amine.patch("/api/leads/" + leadId, HttpJson.json(Map.of("note", "x".repeat(2001)))).status()).isEqualTo(400);
        assertThat(amine.patch("/api/leads/" + leadId, "{\"rating\": 4294967297}").status()).isEqualTo(400);
        assertThat(amine.patch("/api/leads/" + leadId, "{\"formVersion\": 4294967297, \"answers\": {}}").status()).isEqualTo(400);
        assertThat(amine.patch("/api/leads/" + leadId, "{\"answers\": {\"interest\": \"buses\"}, \"formVersion\": 2, "
                + "\"rating\": \"4\"}").status()).isEqualTo(400);
        assertThat(amine.patch("/api/leads/" + leadId, "{\"rating\": ").status()).isEqualTo(400);
        assertThat(amine.patch("/api/leads/" + leadId, "[1, 2]").status()).isEqualTo(400);
        assertThat(amine.patch("/api/leads/" + UUID.randomUUID(), HttpJson.json(Map.of("rating", 3))).status()).isEqualTo(404);
        assertThat(leads.find(leadId).orElseThrow().revision()).isEqualTo(before);
    }

    @Test
    void narrowing_the_visible_fields_takes_them_off_the_leads_already_captured() {
        String leadId = capturedLead("Q-4");
        assertThat(leads.find(leadId).orElseThrow().attendee().email()).isEqualTo("q-4@visitors.example");

        HttpJson.Answer narrowed = organizer.put("/api/editions/" + edition + "/attendee-visibility",
                HttpJson.json(Map.of("visibleFields", List.of("firstName", "company"))));
        assertThat(narrowed.status()).as(narrowed.text()).isEqualTo(200);

        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.attendee().firstName()).isEqualTo("Nadia");
        assertThat(lead.attendee().company()).isEqualTo("Casa Transport");
        assertThat(lead.attendee().email()).isNull();
        assertThat(lead.attendee().lastName()).isNull();
        assertThat(admin(exhibitor).get("/api/leads/" + leadId).text()).doesNotContain("q-4@visitors.example", "El Amrani");
        ConsumerRecord<String, String> updated = reader.await(record -> record.value().contains(leadId)
                && record.value().contains("LeadUpdated"), WAIT);
        assertThat(updated.value()).doesNotContain("q-4@visitors.example");
    }

    @Test
    void a_lead_shows_the_attendee_as_the_registration_system_corrected_them() {
        String leadId = capturedLead("Q-5");
        HttpJson.Answer corrected = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", "Q-5", "firstName", "Nadia", "lastName", "El Amrani", "company", "Casa Tramway",
                "email", "q-5@visitors.example", "shareContact", true))));
        assertThat(corrected.json().get("updated").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> "Casa Tramway".equals(leads.find(leadId).orElseThrow().attendee().company()));
        assertThat(names("casa tram")).as("the text search follows").containsExactly(leadId);
    }

    private List<String> names(String text) {
        List<String> ids = new ArrayList<>();
        admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads?q=" + text.replace(" ", "%20")).json().get("items")
                .forEach(item -> ids.add(item.get("leadId").asString()));
        return ids;
    }

    private String capturedLead(String registrationId) {
        String attendee = importAttendee(registrationId, "Nadia", true);
        HttpJson.Answer scan = scan(exhibitor, "amine", UUID.randomUUID().toString(), badgeOf(attendee));
        assertThat(scan.status()).as(scan.text()).isEqualTo(202);
        String leadId = Lead.idOf(exhibitor, attendee);
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());
        return leadId;
    }
}
