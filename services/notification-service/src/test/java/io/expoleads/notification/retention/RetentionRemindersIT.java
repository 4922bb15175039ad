package io.expoleads.notification.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.expoleads.events.EditionView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.Topics;
import io.expoleads.notification.NotificationServiceIT;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Exhibitors' admins are reminded 30 and 7 days before their edition's personal data is purged,
 * once each, in their language, with a link to the dashboard's export; the service's clock is set
 * to those days, never waited for.
 */
class RetentionRemindersIT extends NotificationServiceIT {

    @Autowired
    RetentionReminders reminders;

    private String purgedAt(Instant purgeAt) {
        String name = "Retention " + UUID.randomUUID();
        writer.send(Topics.EDITIONS, edition, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), EventTypes.EDITION_CHANGED,
                Instant.now(), edition, edition, new EditionView(edition, 2, name, LocalDate.of(2026, 11, 24),
                        LocalDate.of(2026, 11, 26), "Africa/Casablanca", purgeAt))));
        await().atMost(WAIT).until(() -> zones.purge(edition).map(purge -> purge.purgeAt().equals(purgeAt)).orElse(false));
        return name;
    }

    private long reminderDeliveries() {
        return mongo.count(Query.query(Criteria.where("editionId").is(edition).and("kind").is("RETENTION")), "deliveries");
    }

    @Test
    void each_admin_gets_the_30_and_the_7_day_reminder_once_in_their_language_with_the_dashboard_link() {
        Instant purgeAt = Instant.now().plus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String name = purgedAt(purgeAt);
        String french = knownExhibitor("fr");
        String english = knownExhibitor("en");
        String pending = UUID.randomUUID().toString();
        publishExhibitor(pending, ExhibitorStatus.SUBMITTED, 1, "fr");
        await().atMost(WAIT).until(() -> routings.find(pending).isPresent());

        clock.set(purgeAt.minus(Duration.ofDays(30)).minusSeconds(1));
        assertThat(reminders.remindDue()).as("a second before the 30th day: nothing").isZero();

        clock.set(purgeAt.minus(Duration.ofDays(30)));
        assertThat(reminders.remindDue()).as("both approved exhibitors, not the one applying").isEqualTo(2);
        List<MimeMessage> first = awaitEmails(name, 2);
        MimeMessage inFrench = first.stream().filter(message -> subject(message).startsWith("Vos leads")).findFirst().orElseThrow();
        MimeMessage inEnglish = first.stream().filter(message -> subject(message).startsWith("Your leads")).findFirst().orElseThrow();
        assertThat(recipient(inFrench)).isEqualTo("admin@atlas-mobility.ma");
        assertThat(TestMailServer.body(inFrench)).contains("dans 30 jours", "http://localhost:8080/dashboard/#leads", "Exportez");
        assertThat(TestMailServer.body(inEnglish)).contains("in 30 days", "http://localhost:8080/dashboard/#leads", "Export the leads");

        // Again the same day, and again from a fresh pass as another instance would run it: nothing more.
        assertThat(reminders.remindDue()).isZero();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(edition)), new org.springframework.data.mongodb.core.query.Update()
                .unset("remindersSent"), "editions");
        reminders.remindDue();
        assertThat(reminderDeliveries()).as("one delivery per exhibitor and reminder").isEqualTo(2);

        clock.set(purgeAt.minus(Duration.ofDays(7)));
        assertThat(reminders.remindDue()).isEqualTo(2);
        List<MimeMessage> all = awaitEmails(name, 4);
        assertThat(all.stream().filter(message -> TestMailServer.body(message).contains("dans 7 jours"))).hasSize(1);
        assertThat(all.stream().filter(message -> TestMailServer.body(message).contains("in 7 days"))).hasSize(1);

        clock.set(purgeAt.minusSeconds(1));
        assertThat(reminders.remindDue()).isZero();
        clock.set(purgeAt.plus(Duration.ofDays(1)));
        assertThat(reminders.remindDue()).isZero();
        assertThat(reminderDeliveries()).isEqualTo(4);
        assertThat(emailsAbout(name)).hasSize(4);
    }

    @Test
    void a_retention_shortened_to_less_than_a_week_sends_only_the_7_day_reminder() {
        String exhibitor = knownExhibitor("en");
        Instant purgeAt = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String name = purgedAt(purgeAt);
        assertThat(reminders.remindDue()).isEqualTo(1);
        List<MimeMessage> sent = awaitEmails(name, 1);
        assertThat(TestMailServer.body(sent.get(0))).contains("in 5 days");
        assertThat(mongo.count(Query.query(Criteria.where("exhibitorId").is(exhibitor).and("kind").is("RETENTION")),
                "deliveries")).isEqualTo(1);
    }
}
