package io.expoleads.lead.edition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;

import io.expoleads.events.Contract;
import io.expoleads.events.EditionView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.platform.kafka.ExpoKafkaAutoConfiguration;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;

/** The edition read model, built from {@code expo.editions.v1} as exhibitor-service publishes it. */
class EditionCalendarIT extends LeadServiceIT {

    @Autowired
    EditionCalendar calendar;
    @Autowired
    KafkaAdmin kafkaAdmin;

    @Override
    protected boolean opensItsEdition() {
        return false;
    }

    private void publish(EditionView view) {
        String type = view.revision() == 1 ? EventTypes.EDITION_OPENED : EventTypes.EDITION_CHANGED;
        UUID eventId = Contract.deterministicId(Topics.EDITIONS, view.editionId(), Long.toString(view.revision()));
        writer.send(Topics.EDITIONS, view.editionId(), json.writeValueAsString(
                EventEnvelope.of(eventId, type, Instant.now(), view.editionId(), view.editionId(), view)));
    }

    private static EditionView november(String editionId, long revision, String name) {
        return new EditionView(editionId, revision, name, LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-26"),
                "Africa/Casablanca");
    }

    @Test
    void the_calendar_keeps_an_editions_dates_and_counts_its_days_in_casablanca() {
        assertThat(calendar.find(edition)).isEmpty();
        publish(november(edition, 1, "Smart City Expo Casablanca 2026"));

        EditionDates dates = await().atMost(WAIT).until(() -> calendar.find(edition), found -> found.isPresent()).orElseThrow();
        assertThat(dates).isEqualTo(new EditionDates(edition, "Smart City Expo Casablanca 2026", LocalDate.parse("2026-11-24"),
                LocalDate.parse("2026-11-26"), "Africa/Casablanca"));
        assertThat(dates.covers(Instant.parse("2026-11-23T22:59:59Z"))).as("23:59:59 local, the evening before").isFalse();
        assertThat(dates.covers(Instant.parse("2026-11-23T23:00:00Z"))).as("local midnight of the first day").isTrue();
        assertThat(dates.covers(Instant.parse("2026-11-26T23:00:00Z"))).as("local midnight after the last day").isFalse();
        assertThat(dates.dayOf(Instant.parse("2026-11-24T23:30:00Z"))).isEqualTo(LocalDate.parse("2026-11-25"));
        assertThat(dates.hourOf(Instant.parse("2026-11-24T23:30:00Z"))).isEqualTo(LocalDateTime.parse("2026-11-25T00:00"));
    }

    @Test
    void an_older_or_repeated_revision_never_overwrites_a_newer_one() {
        publish(new EditionView(edition, 3, "Extended edition", LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-27"),
                "Africa/Casablanca"));
        await().atMost(WAIT).until(() -> calendar.find(edition).map(found -> found.name().equals("Extended edition")).orElse(false));

        publish(november(edition, 2, "Stale edition"));
        publish(new EditionView(edition, 3, "Same revision, other content", LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-02"), "Europe/Paris"));
        // A record behind them on their partition: once it is in, the two before it were processed.
        String barrier = editionOnTheSamePartitionAs(edition);
        publish(november(barrier, 1, "Barrier"));
        await().atMost(WAIT).until(() -> calendar.find(barrier).isPresent());

        EditionDates kept = calendar.find(edition).orElseThrow();
        assertThat(kept.name()).isEqualTo("Extended edition");
        assertThat(kept.endDate()).isEqualTo(LocalDate.parse("2026-11-27"));
        assertThat(kept.timeZone()).isEqualTo("Africa/Casablanca");

        publish(new EditionView(edition, 4, "Moved to Paris time", LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-27"),
                "Europe/Paris"));
        await().atMost(WAIT).until(() -> calendar.find(edition).map(found -> found.timeZone().equals("Europe/Paris")).orElse(false));
        assertThat(calendar.find(edition).orElseThrow().name()).isEqualTo("Moved to Paris time");
    }

    @Test
    void an_edition_event_with_an_unknown_time_zone_goes_to_the_dead_letter_topic_and_changes_nothing() {
        String broken = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"EditionOpened\",\"version\":1,"
                + "\"occurredAt\":\"2026-11-20T10:00:00Z\",\"editionId\":\"" + edition + "\",\"aggregateId\":\"" + edition + "\","
                + "\"payload\":{\"editionId\":\"" + edition + "\",\"revision\":1,\"name\":\"Edition\",\"startDate\":\"2026-11-24\","
                + "\"endDate\":\"2026-11-26\",\"timeZone\":\"Mars/Olympus\"}}";
        try (TopicReader deadLetters = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.deadLetter(Topics.EDITIONS))) {
            writer.send(Topics.EDITIONS, edition, broken);
            ConsumerRecord<String, String> parked = deadLetters.await(record -> edition.equals(record.key()), WAIT);
            assertThat(TopicReader.header(parked, ExpoKafkaAutoConfiguration.DEAD_LETTER_REASON)).contains("Mars/Olympus");
        }
        assertThat(calendar.find(edition)).isEmpty();
    }

    /** Another edition id that the producer's default partitioner sends to the same partition. */
    private String editionOnTheSamePartitionAs(String editionId) {
        int partitions = kafkaAdmin.describeTopics(Topics.EDITIONS).get(Topics.EDITIONS).partitions().size();
        int target = partition(editionId, partitions);
        while (true) {
            String candidate = UUID.randomUUID().toString();
            if (partition(candidate, partitions) == target) {
                return candidate;
            }
        }
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
