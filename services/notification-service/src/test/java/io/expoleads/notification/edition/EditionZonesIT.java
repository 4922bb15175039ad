package io.expoleads.notification.edition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import io.expoleads.events.EditionView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.notification.NotificationServiceIT;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.junit.jupiter.api.Test;

/** The editions' time zones as emails show them: read from the store, kept a few seconds, news applied here used at once. */
class EditionZonesIT extends NotificationServiceIT {

    private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Test
    void a_zone_changed_on_the_topic_is_used_at_once_by_the_instance_that_applied_it() {
        assertThat(zones.zone(edition)).isEqualTo(CASABLANCA);
        zones.on(EventEnvelope.of(UUID.randomUUID(), EventTypes.EDITION_CHANGED, Instant.now(), edition, edition,
                new EditionView(edition, 2, "Smart City Expo Casablanca", LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 26),
                        TOKYO.getId())));
        assertThat(zones.zone(edition)).isEqualTo(TOKYO);
    }

    @Test
    void a_zone_changed_by_another_instance_is_used_within_the_time_a_zone_is_kept() {
        assertThat(zones.zone(edition)).isEqualTo(CASABLANCA);
        Instant changed = Instant.now();
        // As another instance applying the change would: in the store only.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(edition)), new Update().set("timeZone", TOKYO.getId()),
                EditionZones.COLLECTION);
        assertThat(zones.zone(edition)).as("kept, not read again").isEqualTo(CASABLANCA);
        await().atMost(EditionZones.ZONE_KEPT.plus(Duration.ofSeconds(5))).pollInterval(Duration.ofMillis(100))
                .until(() -> zones.zone(edition).equals(TOKYO));
        assertThat(Duration.between(changed, Instant.now())).isLessThan(EditionZones.ZONE_KEPT.plus(Duration.ofSeconds(5)));
    }

    @Test
    void an_edition_not_heard_of_yet_counts_in_utc_and_its_zone_is_used_as_soon_as_it_arrives() {
        String unknown = UUID.randomUUID().toString();
        assertThat(zones.zone(unknown)).isEqualTo(java.time.ZoneOffset.UTC);
        zones.on(EventEnvelope.of(UUID.randomUUID(), EventTypes.EDITION_OPENED, Instant.now(), unknown, unknown,
                new EditionView(unknown, 1, "Smart City Expo Rabat", LocalDate.of(2027, 3, 2), LocalDate.of(2027, 3, 4),
                        CASABLANCA.getId())));
        assertThat(zones.zone(unknown)).isEqualTo(CASABLANCA);
    }
}
