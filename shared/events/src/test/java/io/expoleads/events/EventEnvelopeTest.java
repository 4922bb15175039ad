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

    @Test
    void the_visitor_keyed_compacted_topics_leave_old_records_in_bounded_time() {
        assertThat(Topics.payloadType(Topics.VISITOR_KEYS)).isEqualTo(VisitorKey.class);
        assertThat(Topics.payloadType(Topics.ERASURES)).isEqualTo(ErasureProgress.class);
        assertThat(Topics.isCompacted(Topics.VISITOR_KEYS)).isTrue();
        assertThat(Topics.isCompacted(Topics.ERASURES)).isFalse();
        assertThat(Topics.compactionSettings(Topics.VISITOR_KEYS))
                .containsEntry("max.compaction.lag.ms", "3600000")
                .containsEntry("delete.retention.ms", "86400000")
                .containsKey("segment.ms");
        assertThat(Topics.compactionSettings(Topics.ATTENDEES)).containsKey("max.compaction.lag.ms");
        assertThat(Topics.compactionSettings(Topics.LEADS)).isEmpty();
    }

    @Test
    void a_sealed_view_survives_json_and_old_constructors_leave_it_unsealed() {
        AttendeeView clear = new AttendeeView("at-1", "ed-1", "R-1", "Salma", "Idrissi", "Atlas", "CTO",
                "salma@atlas.example", "+212600000000", "MA", true);
        assertThat(clear.sealed()).isNull();
        AttendeeView sealed = new AttendeeView("at-1", "ed-1", null, null, null, null, null, null, null, null, true,
                new Sealed("at-1", "AAAA"));
        JavaType type = json.getTypeFactory().constructParametricType(EventEnvelope.class, AttendeeView.class);
        EventEnvelope<AttendeeView> event = EventEnvelope.of(UUID.randomUUID(), EventTypes.ATTENDEE_REGISTERED,
                Instant.parse("2026-11-24T09:00:00Z"), "ed-1", "at-1", sealed);

        EventEnvelope<AttendeeView> read = json.readValue(json.writeValueAsString(event), type);

        assertThat(read).isEqualTo(event);
        assertThat(clear.withoutPersonalData()).isEqualTo(new AttendeeView("at-1", "ed-1", null, null, null, null, null,
                null, null, null, true));
    }
}
