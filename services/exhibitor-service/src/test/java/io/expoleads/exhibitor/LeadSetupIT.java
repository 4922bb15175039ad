package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.expoleads.events.Topics;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The qualification form and the notification settings an exhibitor's admin sets up. */
class LeadSetupIT extends ExhibitorServiceIT {

    private static final String FORM = HttpJson.json(Map.of("questions", List.of(
            Map.of("key", "interest", "label", "Intérêt", "type", "SINGLE_CHOICE", "options", List.of("Bus", "Tram", "Vélo"), "required", true),
            Map.of("key", "budget", "label", "Budget 2027", "type", "SCALE_1_TO_5"),
            Map.of("key", "call_back", "label", "Rappeler ?", "type", "YES_NO"))));

    @Test
    void a_form_is_versioned_and_each_version_stays_readable() {
        Onboarding.Applicant atlas = applicant();
        String path = "/api/exhibitors/" + atlas.id() + "/qualification-form";
        assertThat(atlas.admin().get(path).json().get("version").asInt()).isZero();

        HttpJson.Answer first = atlas.admin().put(path, FORM);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("version").asInt()).isEqualTo(1);
        assertThat(first.json().get("questions").findValuesAsString("key")).containsExactly("interest", "budget", "call_back");
        assertThat(atlas.admin().put(path, FORM).json().get("version").asInt()).as("the same questions, the same version").isEqualTo(1);

        String second = FORM.replace("Budget 2027", "Budget 2028");
        assertThat(atlas.admin().put(path, second).json().get("version").asInt()).isEqualTo(2);
        assertThat(organizer.get(path + "?version=1").json().get("questions").get(1).get("label").asString()).isEqualTo("Budget 2027");
        assertThat(organizer.get(path).json().get("version").asInt()).isEqualTo(2);
        assertThat(atlas.admin().get(path + "?version=7").status()).isEqualTo(404);

        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EXHIBITORS)) {
            JsonNode view = json.readTree(topic.await(record -> atlas.id().equals(record.key())
                    && record.value().contains("Budget 2028"), Duration.ofSeconds(30)).value()).get("payload");
            assertThat(view.get("form").get("version").asInt()).isEqualTo(2);
        }
    }

    @Test
    void a_form_that_cannot_be_answered_is_refused_with_the_field_at_fault() {
        Onboarding.Applicant atlas = applicant();
        String path = "/api/exhibitors/" + atlas.id() + "/qualification-form";
        assertThat(errorField(atlas.admin().put(path, form(Map.of("key", "a", "label", "A", "type", "SINGLE_CHOICE", "options", List.of("only"))))))
                .isEqualTo("questions[0].options");
        assertThat(errorField(atlas.admin().put(path, form(Map.of("key", "a", "label", "A", "type", "YES_NO", "options", List.of("x", "y"))))))
                .isEqualTo("questions[0].options");
        assertThat(errorField(atlas.admin().put(path, form(Map.of("key", "a", "label", "A", "type", "YES_NO"),
                Map.of("key", "a", "label", "B", "type", "FREE_TEXT"))))).isEqualTo("questions[1].key");
        assertThat(errorField(atlas.admin().put(path, form(Map.of("key", "Has Space", "label", "A", "type", "YES_NO")))))
                .isEqualTo("questions[0].key");
        assertThat(errorField(atlas.admin().put(path, form(Map.of("key", "a", "label", "A", "type", "DRAWING")))))
                .isEqualTo("questions[0].type");
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(Map.of("key", "q" + i, "label", "Q" + i, "type", "FREE_TEXT"));
        }
        assertThat(errorField(atlas.admin().put(path, HttpJson.json(Map.of("questions", many))))).isEqualTo("questions");
        assertThat(atlas.admin().get(path).json().get("version").asInt()).isZero();
    }

    @Test
    void notification_settings_are_checked_against_the_form_and_published() {
        Onboarding.Applicant atlas = applicant();
        atlas.admin().put("/api/exhibitors/" + atlas.id() + "/qualification-form", FORM);
        String path = "/api/exhibitors/" + atlas.id() + "/notification-settings";
        assertThat(atlas.admin().get(path).field("alertOn")).isEqualTo("ALL");

        HttpJson.Answer set = atlas.admin().put(path, settings("HOT", Map.of("minRating", 4, "questionKey", "interest", "answer", "Tram"),
                "DAILY", "18:30"));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("hotLead").get("minRating").asInt()).isEqualTo(4);
        assertThat(organizer.get(path).field("digestTime")).isEqualTo("18:30");

        assertThat(errorField(atlas.admin().put(path, settings("HOT", Map.of(), "OFF", null)))).isEqualTo("hotLead");
        assertThat(errorField(atlas.admin().put(path, settings("ALL", null, "DAILY", null)))).isEqualTo("digestTime");
        assertThat(errorField(atlas.admin().put(path, settings("HOT", Map.of("questionKey", "colour", "answer", "red"), "OFF", null))))
                .isEqualTo("hotLead.questionKey");
        assertThat(errorField(atlas.admin().put(path, settings("SOMETIMES", null, "OFF", null)))).isEqualTo("alertOn");
        assertThat(errorField(atlas.admin().put(path, settings("ALL", null, "DAILY", "25:00")))).isEqualTo("digestTime");
        assertThat(organizer.get(path).field("alertOn")).isEqualTo("HOT");

        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EXHIBITORS)) {
            JsonNode view = json.readTree(topic.await(record -> atlas.id().equals(record.key())
                    && record.value().contains("18:30"), Duration.ofSeconds(30)).value()).get("payload");
            assertThat(view.get("salesEmails").get(0).asString()).isEqualTo("crm@atlas.example");
        }
    }

    @Test
    void another_exhibitor_neither_reads_nor_changes_the_form_or_settings() {
        Onboarding.Applicant atlas = applicant();
        Onboarding.Applicant rival = applicant();
        for (String path : List.of("/qualification-form", "/notification-settings")) {
            String url = "/api/exhibitors/" + atlas.id() + path;
            assertThat(anonymous.get(url).status()).isEqualTo(401);
            assertThat(rival.admin().get(url).status()).isEqualTo(404);
        }
        assertThat(rival.admin().put("/api/exhibitors/" + atlas.id() + "/qualification-form", FORM).status()).isEqualTo(404);
        assertThat(rival.admin().put("/api/exhibitors/" + atlas.id() + "/notification-settings",
                settings("ALL", null, "OFF", null)).status()).isEqualTo(404);
        assertThat(anonymous.put("/api/exhibitors/" + atlas.id() + "/qualification-form", FORM).status()).isEqualTo(401);
        assertThat(atlas.admin().get("/api/exhibitors/" + atlas.id() + "/qualification-form").json().get("version").asInt()).isZero();
    }

    private Onboarding.Applicant applicant() {
        return onboarding.applicant(onboarding.edition(List.of()), "fr");
    }

    @SafeVarargs
    private static String form(Map<String, Object>... questions) {
        return HttpJson.json(Map.of("questions", List.of(questions)));
    }

    private static String settings(String alertOn, Map<String, Object> hotLead, String digest, String digestTime) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("salesEmails", List.of("crm@atlas.example"),
                "alertOn", alertOn, "digest", digest, "exportFormat", "XLSX"));
        if (hotLead != null) {
            body.put("hotLead", hotLead);
        }
        if (digestTime != null) {
            body.put("digestTime", digestTime);
        }
        return HttpJson.json(body);
    }

    private static String errorField(HttpJson.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        return answer.json().get("errors").get(0).get("field").asString();
    }
}
