package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.NotificationSettings.HotLeadRule;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

class LeadAlertIT extends NotificationServiceIT {

    @Test
    void a_captured_lead_is_emailed_to_every_sales_address_in_the_exhibitors_language() {
        String exhibitor = knownExhibitor("en", "sales@atlas.example", "ceo@atlas.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        List<MimeMessage> emails = awaitEmails(leadId, 2);
        assertThat(emails).extracting(LeadAlertIT::recipient).containsExactlyInAnyOrder("sales@atlas.example", "ceo@atlas.example");
        assertThat(subject(emails.get(0))).isEqualTo("New lead: Youssef El Amrani (Casa Transport)");
        assertThat(part(emails.get(0), "text/plain")).contains("A new lead was captured at the booth of Atlas Mobility.")
                .contains("Name: Youssef El Amrani").contains("Company: Casa Transport").contains("Job title: CTO")
                .contains("Phone: +212 600 000 000").contains("Scanned by: Amine Alaoui, Salma Bennani")
                .contains("Note by Amine Alaoui: Wants a demo & a quote").contains("Scanned at: ")
                .contains("(Africa/Casablanca)").contains("Lead id: " + leadId);
        assertThat(part(emails.get(0), "text/html")).contains("<html lang=\"en\" dir=\"ltr\">").contains(">Company</th>")
                .contains("<td>Casa Transport</td>").contains("<td>Wants a demo &amp; a quote</td>").contains("<td>" + leadId + "</td>");

        deliveries.await(record -> record.value().contains(leadId) && record.value().contains("DeliverySucceeded")
                && record.value().contains("ceo@atlas.example"), WAIT);
        assertThat(deliveries.all(record -> exhibitor.equals(record.key()))).hasSize(2);
    }

    @Test
    void alert_emails_read_the_exhibitors_settings_kept_a_few_seconds_and_a_change_applied_here_at_once() {
        String exhibitor = knownExhibitor("en", "sales@atlas.example");
        // Stopped, so that what is kept lapses only when the test says.
        clock.set(clock.instant());
        assertThat(routings.recent(exhibitor)).get().extracting(SalesRouting::language).isEqualTo("en");
        // Changed in the store as another instance applies a change: this one uses what it read a moment ago...
        Query byId = Query.query(Criteria.where("_id").is(exhibitor));
        mongo.updateFirst(byId, new Update().set("language", "ar"), "exhibitors");
        assertThat(routings.recent(exhibitor)).get().extracting(SalesRouting::language).isEqualTo("en");
        // ...for a few seconds.
        clock.moveForward(SalesRoutings.ROUTING_KEPT.plusSeconds(1));
        assertThat(routings.recent(exhibitor)).get().extracting(SalesRouting::language).isEqualTo("ar");
        // A change applied here replaces what is kept at once.
        publishExhibitor(exhibitor, ExhibitorStatus.APPROVED, 4, "fr", "ventes@atlas.example");
        await().atMost(WAIT).until(() -> routings.find(exhibitor).map(routing -> "fr".equals(routing.language())).orElse(false));
        assertThat(routings.recent(exhibitor)).get().extracting(SalesRouting::language).isEqualTo("fr");

        clock.reset();
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        List<MimeMessage> emails = awaitEmails(leadId, 1);
        assertThat(emails).extracting(LeadAlertIT::recipient).containsExactly("ventes@atlas.example");
        assertThat(subject(emails.get(0))).isEqualTo("Nouveau lead : Youssef El Amrani (Casa Transport)");
    }

    @Test
    void a_lead_event_delivered_twice_sends_one_email_per_recipient() {
        String exhibitor = knownExhibitor("fr", "ventes@casa.example");
        String leadId = UUID.randomUUID().toString();
        UUID eventId = UUID.randomUUID();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, eventId);
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, eventId);
        publishLead(exhibitor, leadId, EventTypes.LEAD_UPDATED, UUID.randomUUID());
        // A later lead of the same exhibitor (same partition) shows the repeats were processed.
        String marker = UUID.randomUUID().toString();
        publishLead(exhibitor, marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(marker, 1);

        List<MimeMessage> emails = emailsAbout(leadId);
        assertThat(emails).hasSize(1);
        assertThat(subject(emails.get(0))).isEqualTo("Nouveau lead : Youssef El Amrani (Casa Transport)");
        assertThat(part(emails.get(0), "text/plain")).contains("Un nouveau lead a été capté sur le stand de Atlas Mobility.")
                .contains("Nom: Youssef El Amrani").contains("Société: Casa Transport").contains("Fonction: CTO")
                .contains("Scanné par: Amine Alaoui, Salma Bennani").contains("Identifiant du lead: " + leadId);
        assertThat(part(emails.get(0), "text/html")).contains("<html lang=\"fr\" dir=\"ltr\">").contains(">Société</th>")
                .contains(">Identifiant du lead</th>").contains("<td>" + leadId + "</td>");
    }

    @Test
    void with_alerts_on_all_only_captured_leads_are_alerted_whatever_their_qualification() {
        String exhibitor = knownExhibitor("en", alertOn("ALL", new HotLeadRule(4, null, null, null), "all@atlas.example"),
                "all@atlas.example");
        String qualifiedOnly = UUID.randomUUID().toString();
        publishLead(exhibitor, qualifiedOnly, EventTypes.LEAD_QUALIFIED, UUID.randomUUID(), "Nadia", 5, List.of(), Map.of());
        String cold = UUID.randomUUID().toString();
        publishLead(exhibitor, cold, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), "Omar", 1, List.of(), Map.of());

        assertThat(subject(awaitEmails(cold, 1).get(0))).isEqualTo("New lead: Omar El Amrani (Casa Transport)");
        assertThat(emailsAbout(qualifiedOnly)).isEmpty();
    }

    @Test
    void with_alerts_on_hot_leads_a_lead_is_alerted_once_on_its_first_matching_event() {
        HotLeadRule rule = new HotLeadRule(5, List.of("vip"), "interests", "Smart parking");
        String exhibitor = knownExhibitor("en", alertOn("HOT", rule, "hot@atlas.example", "boss@atlas.example"),
                "hot@atlas.example", "boss@atlas.example");
        String warming = UUID.randomUUID().toString();
        publishLead(exhibitor, warming, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), "Karim", 3, List.of("press"), Map.of());
        publishLead(exhibitor, warming, EventTypes.LEAD_UPDATED, UUID.randomUUID(), "Karim", 3, List.of("press"), Map.of());
        String marker = UUID.randomUUID().toString();
        publishLead(exhibitor, marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), "Marker", null, List.of("VIP"), Map.of());
        awaitEmails(marker, 2);
        assertThat(emailsAbout(warming)).as("not hot yet").isEmpty();

        UUID qualified = UUID.randomUUID();
        publishLead(exhibitor, warming, EventTypes.LEAD_QUALIFIED, qualified, "Karim", 5, List.of("press"), Map.of());
        publishLead(exhibitor, warming, EventTypes.LEAD_QUALIFIED, qualified, "Karim", 5, List.of("press"), Map.of());
        publishLead(exhibitor, warming, EventTypes.LEAD_QUALIFIED, UUID.randomUUID(), "Karim", 5, List.of("vip"), Map.of());
        publishLead(exhibitor, warming, EventTypes.LEAD_UPDATED, UUID.randomUUID(), "Karim", 5, List.of("vip"), Map.of());
        String byAnswer = UUID.randomUUID().toString();
        publishLead(exhibitor, byAnswer, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), "Leila", null, List.of(),
                Map.of("interests", List.of("Lighting", "smart PARKING")));
        awaitEmails(byAnswer, 2);

        List<MimeMessage> emails = emailsAbout(warming);
        assertThat(emails).extracting(LeadAlertIT::recipient).containsExactlyInAnyOrder("hot@atlas.example", "boss@atlas.example");
        assertThat(subject(emails.get(0))).isEqualTo("Hot lead: Karim El Amrani (Casa Transport)");
        assertThat(part(emails.get(0), "text/plain")).contains("Rating: 5/5").contains("Tags: press");
        assertThat(part(emailsAbout(byAnswer).get(0), "text/plain")).contains("interests: Lighting, smart PARKING");
    }

    @Test
    void with_alerts_off_no_lead_is_alerted() {
        String exhibitor = knownExhibitor("fr", alertOn("NONE", new HotLeadRule(1, null, null, null), "none@atlas.example"),
                "none@atlas.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), "Hamid", 5, List.of("vip"), Map.of());
        publishLead(exhibitor, leadId, EventTypes.LEAD_QUALIFIED, UUID.randomUUID(), "Hamid", 5, List.of("vip"), Map.of());
        String active = knownExhibitor("fr", "active@atlas.example");
        String marker = UUID.randomUUID().toString();
        publishLead(active, marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(marker, 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> emailsAbout(leadId).isEmpty());
    }

    @Test
    void attendee_data_is_escaped_in_the_html_part() {
        String exhibitor = knownExhibitor("fr", "xss@atlas.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID(), "<script>alert(1)</script>", 4,
                List.of("<b>vip</b>"), Map.of("budget", "\"><img src=x>"));

        MimeMessage email = awaitEmails(leadId, 1).get(0);
        String html = part(email, "text/html");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; El Amrani").contains("&lt;b&gt;vip&lt;/b&gt;")
                .contains("&quot;&gt;&lt;img src=x&gt;").doesNotContain("<script>").doesNotContain("<b>").doesNotContain("<img");
        assertThat(part(email, "text/plain")).contains("Nom: <script>alert(1)</script> El Amrani").contains("Note: 4/5");
    }

    @Test
    void a_lead_that_arrives_before_its_exhibitor_is_sent_once_the_exhibitor_is_known() {
        String exhibitor = UUID.randomUUID().toString();
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        await().atMost(WAIT).until(() -> mongo.getCollection("alerts_waiting_for_routing")
                .countDocuments(new org.bson.Document("exhibitorId", exhibitor)) == 1);
        assertThat(emailsAbout(leadId)).isEmpty();

        publishExhibitor(exhibitor, ExhibitorStatus.APPROVED, 3, "en", "late@atlas.example");
        assertThat(recipient(awaitEmails(leadId, 1).get(0))).isEqualTo("late@atlas.example");
        assertThat(mongo.getCollection("alerts_waiting_for_routing").countDocuments(new org.bson.Document("exhibitorId", exhibitor))).isZero();
    }

    @Test
    void a_lead_left_waiting_when_no_release_ran_is_sent_by_the_next_sweep() {
        String exhibitor = UUID.randomUUID().toString();
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        await().atMost(WAIT).until(() -> mongo.getCollection("alerts_waiting_for_routing")
                .countDocuments(new org.bson.Document("exhibitorId", exhibitor)) == 1);

        // The routing is there, but nothing announced it (as when the release that followed it failed).
        mongo.getCollection("exhibitors").insertOne(new org.bson.Document("_id", exhibitor).append("editionId", edition)
                .append("revision", 1L).append("status", "APPROVED").append("companyName", "Atlas Mobility").append("language", "en")
                .append("salesEmails", List.of("swept@atlas.example")).append("alertOn", "ALL").append("teamNames", TEAM));
        assertThat(recipient(awaitEmails(leadId, 1).get(0))).isEqualTo("swept@atlas.example");
        await().atMost(WAIT).until(() -> mongo.getCollection("alerts_waiting_for_routing")
                .countDocuments(new org.bson.Document("exhibitorId", exhibitor)) == 0);
    }

    @Test
    void a_withdrawn_exhibitor_gets_no_alerts() {
        String exhibitor = UUID.randomUUID().toString();
        publishExhibitor(exhibitor, ExhibitorStatus.WITHDRAWN, 4, "fr", "gone@atlas.example");
        await().atMost(WAIT).until(() -> routings.find(exhibitor).isPresent());
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        String active = knownExhibitor("fr", "active@atlas.example");
        String marker = UUID.randomUUID().toString();
        publishLead(active, marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(marker, 1);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> emailsAbout(leadId).isEmpty());
    }

    @Test
    void webhook_endpoints_and_their_secrets_are_kept_and_only_move_forward() {
        String exhibitor = UUID.randomUUID().toString();
        WebhookEndpoints.Secret current = new WebhookEndpoints.Secret("whsec_bmV3", null);
        WebhookEndpoints.Secret former = new WebhookEndpoints.Secret("whsec_b2xk", Instant.now().plusSeconds(3600));
        publishWebhooks(exhibitor, 5, List.of(new WebhookEndpoints.Endpoint("w1", "https://93.184.216.34/hook", List.of(current, former))));
        publishWebhooks(exhibitor, 4, List.of());
        String marker = UUID.randomUUID().toString();
        publishWebhooks(marker, 1, List.of());
        await().atMost(WAIT).until(() -> webhooks.find(marker).isPresent() && webhooks.find(exhibitor).isPresent());
        assertThat(webhooks.find(exhibitor).orElseThrow().endpoints().get(0).secrets()).extracting(WebhookEndpoints.Secret::value)
                .containsExactly("whsec_bmV3", "whsec_b2xk");
    }
}
