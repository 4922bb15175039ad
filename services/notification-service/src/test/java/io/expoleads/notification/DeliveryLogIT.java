package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.expoleads.events.EventTypes;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The exhibitor's delivery log: filters, paging, replay, and nobody else's eyes on it. */
class DeliveryLogIT extends NotificationServiceIT {

    @Test
    void the_log_pages_newest_first_with_filters_and_every_attempt() {
        String exhibitor = knownExhibitor("en", "log-a@atlas.example", "log-b@atlas.example");
        List<String> leads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String leadId = UUID.randomUUID().toString();
            leads.add(leadId);
            publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        }
        HttpJson api = admin(exhibitor);
        String log = "/api/exhibitors/" + exhibitor + "/deliveries";
        await().atMost(WAIT).until(() -> api.get(log + "?status=SUCCEEDED").json().get("items").size() == 6);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(log + "?limit=4" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).hasSize(6).doesNotHaveDuplicates();

        JsonNode newest = api.get(log + "?limit=1").json().get("items").get(0);
        assertThat(newest.get("kind").asString()).isEqualTo("ALERT");
        assertThat(newest.get("channel").asString()).isEqualTo("EMAIL");
        assertThat(newest.get("history")).singleElement().satisfies(attempt -> {
            assertThat(attempt.get("at").asString()).isNotBlank();
            assertThat(attempt.get("target").asString()).startsWith("smtp://localhost:");
            assertThat(attempt.get("code").asInt()).isEqualTo(250);
            assertThat(attempt.get("reply").asString()).startsWith("250");
            assertThat(attempt.get("latencyMillis").isNumber()).isTrue();
        });
        assertThat(api.get(log + "?leadId=" + leads.get(0)).json().get("items")).hasSize(2);
        assertThat(api.get(log + "?destination=log-b@atlas.example").json().get("items")).hasSize(3);
        assertThat(api.get(log + "?channel=WEBHOOK").json().get("items")).isEmpty();
        assertThat(api.get(log + "?status=DEAD").json().get("items")).isEmpty();
    }

    @Test
    void bad_queries_are_refused_with_the_field_named() {
        String exhibitor = knownExhibitor("en", "bad@atlas.example");
        HttpJson api = admin(exhibitor);
        String log = "/api/exhibitors/" + exhibitor + "/deliveries";
        HttpJson.Answer badStatus = api.get(log + "?status=LOST");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.text()).contains("status");
        assertThat(api.get(log + "?cursor=not-a-cursor").status()).isEqualTo(400);
        assertThat(api.get(log + "?limit=0").status()).isEqualTo(400);
        assertThat(api.get(log + "?from=yesterday").status()).isEqualTo(400);
        assertThat(api.post("/api/deliveries/" + UUID.randomUUID() + "/replay", "{}").status()).isEqualTo(404);
    }

    @Test
    void a_replay_sends_the_delivery_again_in_a_new_round() {
        String exhibitor = knownExhibitor("en", "replay@atlas.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(leadId, 1);
        HttpJson api = admin(exhibitor);
        String id = api.get("/api/exhibitors/" + exhibitor + "/deliveries?leadId=" + leadId).json().get("items").get(0).get("id").asString();
        await().atMost(WAIT).until(() -> "SUCCEEDED".equals(api.get("/api/deliveries/" + id).field("status")));

        HttpJson.Answer replayed = api.post("/api/deliveries/" + id + "/replay", "{}");
        assertThat(replayed.status()).isEqualTo(202);
        assertThat(replayed.json().get("replays").asInt()).isEqualTo(1);
        awaitEmails(leadId, 2);
        await().atMost(WAIT).until(() -> {
            JsonNode delivery = api.get("/api/deliveries/" + id).json();
            return "SUCCEEDED".equals(delivery.get("status").asString()) && delivery.get("attempts").asInt() == 2;
        });
        assertThat(api.get("/api/deliveries/" + id).json().get("detail").asString()).startsWith("250");
    }

    @Test
    void another_exhibitor_staff_or_organizer_cannot_read_or_replay_a_log() {
        String exhibitor = knownExhibitor("en", "private@atlas.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
        awaitEmails(leadId, 1);
        String id = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/deliveries").json().get("items").get(0).get("id").asString();

        String other = UUID.randomUUID().toString();
        HttpJson otherAdmin = admin(other);
        assertThat(otherAdmin.get("/api/exhibitors/" + exhibitor + "/deliveries").status()).isEqualTo(404);
        assertThat(otherAdmin.get("/api/deliveries/" + id).status()).isEqualTo(404);
        assertThat(otherAdmin.post("/api/deliveries/" + id + "/replay", "{}").status()).isEqualTo(404);
        HttpJson.Answer unheardOf = otherAdmin.get("/api/exhibitors/" + other + "/deliveries");
        assertThat(unheardOf.status()).as("its own log, while this service has not heard of it").isEqualTo(404);
        assertThat(unheardOf.field("reason")).isEqualTo("UNKNOWN_EXHIBITOR");

        HttpJson base = new HttpJson("http://localhost:" + port);
        assertThat(base.bearer(TestTokens.get().staff(exhibitor, "amine")).get("/api/exhibitors/" + exhibitor + "/deliveries").status())
                .isEqualTo(403);
        assertThat(new HttpJson("http://localhost:" + port).bearer(TestTokens.get().organizer())
                .post("/api/deliveries/" + id + "/replay", "{}").status()).isEqualTo(403);
        assertThat(new HttpJson("http://localhost:" + port).get("/api/exhibitors/" + exhibitor + "/deliveries").status()).isEqualTo(401);
        assertThat(emailsAbout(leadId)).hasSize(1);
    }
}
