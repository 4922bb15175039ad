package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TopicReader;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An edition's retention of personal data: twelve months after its last day by default, which the
 * organizer may shorten, never lengthen; the purge date it gives travels on {@code expo.editions.v1}.
 */
class EditionRetentionIT extends ExhibitorServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void an_edition_keeps_personal_data_twelve_months_and_a_shortened_retention_moves_the_purge_date_on_the_topic() {
        String edition = onboarding.edition(List.of());
        HttpJson.Answer opened = organizer.get("/api/editions/" + edition);
        assertThat(opened.json().get("retentionMonths").asInt()).isEqualTo(12);
        assertThat(opened.json().get("maxRetentionMonths").asInt()).isEqualTo(12);
        // The fair ends 2026-11-26: data is kept through 2027-11-26 in Casablanca (UTC+1 then).
        assertThat(opened.field("purgeAt")).isEqualTo("2027-11-26T23:00:00Z");

        HttpJson.Answer shortened = organizer.patch("/api/editions/" + edition, "{\"retentionMonths\":3}");
        assertThat(shortened.status()).as(shortened.text()).isEqualTo(200);
        assertThat(shortened.json().get("revision").asLong()).isEqualTo(2);
        assertThat(shortened.json().get("retentionMonths").asInt()).isEqualTo(3);
        // 2027-02-26 falls in Ramadan, when Morocco keeps UTC+0.
        assertThat(shortened.field("purgeAt")).isEqualTo("2027-02-27T00:00:00Z");

        HttpJson.Answer moved = organizer.patch("/api/editions/" + edition, "{\"endDate\":\"2026-11-27\"}");
        assertThat(moved.field("purgeAt")).as("the months count from the new last day").isEqualTo("2027-02-28T00:00:00Z");

        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EDITIONS)) {
            topic.await(record -> edition.equals(record.key()) && record.value().contains("\"revision\":3"), WAIT);
            List<JsonNode> views = topic.all(record -> edition.equals(record.key())).stream()
                    .map(record -> json.readTree(record.value())).map(event -> event.get("payload")).toList();
            assertThat(views).extracting(view -> view.get("purgeAt").asString())
                    .containsExactly("2027-11-26T23:00:00Z", "2027-02-27T00:00:00Z", "2027-02-28T00:00:00Z");
        }
    }

    @Test
    void a_lengthened_negative_or_malformed_retention_is_refused_field_by_field_and_changes_nothing() {
        String edition = onboarding.edition(List.of());
        assertThat(organizer.patch("/api/editions/" + edition, "{\"retentionMonths\":6}").status()).isEqualTo(200);
        Map<String, String> refused = Map.of(
                "{\"retentionMonths\":13}", "RETENTION_TOO_LONG",
                "{\"retentionMonths\":120}", "RETENTION_TOO_LONG",
                "{\"retentionMonths\":0}", "RETENTION_TOO_SHORT",
                "{\"retentionMonths\":-1}", "RETENTION_TOO_SHORT");
        refused.forEach((body, reason) -> {
            HttpJson.Answer answer = organizer.patch("/api/editions/" + edition, body);
            assertThat(answer.status()).as(body + " " + answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().get("errors").findValuesAsString("field")).as(body).containsExactly("retentionMonths");
            assertThat(answer.field("reason")).as(body).isEqualTo(reason);
        });
        for (String malformed : List.of("{\"retentionMonths\":\"a year\"}", "{\"retentionMonths\":[6]}", "{\"retentionMonths\":")) {
            HttpJson.Answer answer = organizer.patch("/api/editions/" + edition, malformed);
            assertThat(answer.status()).as(malformed + " " + answer.text()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        HttpJson.Answer opening = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Edition", "venue", "OFEC",
                "startDate", "2026-11-24", "endDate", "2026-11-26", "retentionMonths", 24)));
        assertThat(opening.status()).isEqualTo(400);
        assertThat(opening.field("reason")).isEqualTo("RETENTION_TOO_LONG");

        HttpJson.Answer unchanged = organizer.get("/api/editions/" + edition);
        assertThat(unchanged.json().get("revision").asLong()).isEqualTo(2);
        assertThat(unchanged.json().get("retentionMonths").asInt()).isEqualTo(6);

        assertThat(organizer.patch("/api/editions/no-such-edition", "{\"retentionMonths\":3}").status()).isEqualTo(404);
        assertThat(anonymous.patch("/api/editions/" + edition, "{\"retentionMonths\":3}").status()).isEqualTo(401);
        assertThat(organizer.get("/api/editions/" + edition).json().get("retentionMonths").asInt()).isEqualTo(6);
    }

    @Test
    void an_edition_opened_with_a_shorter_retention_publishes_its_purge_date() {
        HttpJson.Answer opened = organizer.post("/api/editions", HttpJson.json(Map.of("name", "Edition", "venue", "OFEC",
                "startDate", "2026-11-24", "endDate", "2026-11-26", "retentionMonths", 1)));
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        assertThat(opened.field("purgeAt")).isEqualTo("2026-12-26T23:00:00Z");
        String edition = opened.field("id");
        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.EDITIONS)) {
            JsonNode event = json.readTree(topic.await(record -> edition.equals(record.key()), WAIT).value());
            assertThat(event.get("type").asString()).isEqualTo(EventTypes.EDITION_OPENED);
            assertThat(event.get("payload").get("purgeAt").asString()).isEqualTo("2026-12-26T23:00:00Z");
        }
    }
}
