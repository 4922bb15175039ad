package io.expoleads.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

class EventEnvelopeTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void an_envelope_survives_json_as_every_consumer_reads_it() {
        ExhibitorView view = new ExhibitorView("ex-1", "ed-1", 3, ExhibitorStatus.APPROVED, "Atlas Mobility", "MA", "fr",
                "B-12", 4, List.of("sales@atlas.example"), List.of("staff-1"), List.of(), null, null,
                "admin@atlas.example", Map.of("staff-1", "Amine"));
        EventEnvelope<ExhibitorView> event = EventEnvelope.of(UUID.randomUUID(), EventTypes.EXHIBITOR_APPROVED,
                Instant.parse("2026-11-24T09:00:00Z"), "ed-1", "ex-1", view);

        String text = json.writeValueAsString(event);
        JavaType type = json.getTypeFactory().constructParametricType(EventEnvelope.class, Topics.payloadType(Topics.EXHIBITORS));
        EventEnvelope<ExhibitorView> read = json.readValue(text, type);

        assertThat(read).isEqualTo(event);
        assertThat(text).contains("\"occurredAt\":\"2026-11-24T09:00:00Z\"").contains("\"version\":1");
    }

    @Test
    void an_envelope_without_its_identity_is_refused() {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        assertThatThrownBy(() -> EventEnvelope.of(null, "T", now, "ed", "agg", "p")).hasMessageContaining("eventId");
        assertThatThrownBy(() -> EventEnvelope.of(id, " ", now, "ed", "agg", "p")).hasMessageContaining("type");
        assertThatThrownBy(() -> EventEnvelope.of(id, "T", null, "ed", "agg", "p")).hasMessageContaining("occurredAt");
        assertThatThrownBy(() -> EventEnvelope.of(id, "T", now, "", "agg", "p")).hasMessageContaining("editionId");
        assertThatThrownBy(() -> EventEnvelope.of(id, "T", now, "ed", null, "p")).hasMessageContaining("aggregateId");
        assertThatThrownBy(() -> EventEnvelope.of(id, "T", now, "ed", "agg", null)).hasMessageContaining("payload");
        assertThatThrownBy(() -> new EventEnvelope<>(id, "T", 0, now, "ed", "agg", "p")).hasMessageContaining("version");
    }

    @Test
    void deterministic_ids_repeat_for_the_same_parts_only() {
        assertThat(Contract.deterministicId("lead", "ex-1", "at-1")).isEqualTo(Contract.deterministicId("lead", "ex-1", "at-1"));
        assertThat(Contract.deterministicId("lead", "ex-1", "at-1")).isNotEqualTo(Contract.deterministicId("lead", "ex-1a", "t-1"));
    }

    @Test
    void every_contract_topic_names_its_payload_and_its_dead_letter_topic() {
        assertThat(Topics.payloadType(Topics.SCANS)).isEqualTo(ScanAccepted.class);
        assertThat(Topics.payloadType(Topics.LEADS)).isEqualTo(LeadView.class);
        assertThat(Topics.deadLetter(Topics.LEADS)).isEqualTo("expo.leads.v1.DLT");
        assertThatThrownBy(() -> Topics.payloadType("expo.unknown.v1")).isInstanceOf(IllegalArgumentException.class);
    }
}
