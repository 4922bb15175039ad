package io.expoleads.lead.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.DeliveryOutcome;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The organizer's audit log: each kind of bulk read of visitors' personal data (the visitor list,
 * badge codes, exports, digests with a file) is found there with who, what, when and how many
 * visitors, and nothing of the visitors; as pages and as CSV.
 */
class AuditIT extends LeadServiceIT {

    private static final List<String> PERSONAL = List.of("Salma", "Hamza", "El Amrani", "Casa Transport", "visitors.example");

    private JsonNode entries(String query) {
        HttpJson.Answer answer = organizer.get("/api/editions/" + edition + "/audit" + query);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).doesNotContain(PERSONAL);
        return answer.json().get("items");
    }

    private JsonNode only(String kind) {
        JsonNode items = entries("?kind=" + kind);
        assertThat(items).as(kind).hasSize(1);
        return items.get(0);
    }

    private void publishDigestOutcome(String exhibitor, String deliveryId, String kind, Integer visitors) {
        DeliveryOutcome outcome = new DeliveryOutcome(deliveryId, exhibitor, kind, "EMAIL", "sales@atlas-mobility.ma", null, 1,
                Instant.now(), "SUCCEEDED", 250, "250 OK", 12, null, visitors);
        writer.send(Topics.DELIVERIES, exhibitor, json.writeValueAsString(EventEnvelope.of(
                UUID.nameUUIDFromBytes((deliveryId + kind).getBytes()), EventTypes.DELIVERY_SUCCEEDED, Instant.now(), edition,
                exhibitor, outcome)));
    }

    @Test
    void each_kind_of_bulk_read_is_recorded_with_who_what_when_and_how_many_and_nothing_personal() {
        Instant before = Instant.now().minusSeconds(1);
        String exhibitor = approvedExhibitor();
        String salma = importAttendee("AU-1", "Salma", true);
        String hamza = importAttendee("AU-2", "Hamza", true);

        HttpJson.Answer list = organizer.get("/api/editions/" + edition + "/attendees?limit=1");
        assertThat(list.status()).isEqualTo(200);
        organizer.get("/api/editions/" + edition + "/attendees?limit=1&cursor=" + list.field("nextCursor"));
        JsonNode visitorList = only("VISITOR_LIST");
        assertThat(visitorList.get("account").asString()).isEqualTo("organizer");
        assertThat(visitorList.get("role").asString()).isEqualTo("ORGANIZER");
        assertThat(visitorList.get("visitors").asLong()).isEqualTo(2);
        assertThat(visitorList.get("reads").asLong()).as("two pages, one entry").isEqualTo(2);
        assertThat(Instant.parse(visitorList.get("at").asString())).isAfter(before);

        badgeOf(salma);
        badgeOf(hamza);
        assertThat(only("BADGE_CODE").get("visitors").asLong()).isEqualTo(2);

        assertThat(scan(exhibitor, "amine", UUID.randomUUID().toString(), badgeOf(salma)).status()).isEqualTo(202);
        assertThat(scan(exhibitor, "amine", UUID.randomUUID().toString(), badgeOf(hamza)).status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads").json()
                .get("items").size() == 2);
        HttpJson.Answer export = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/export?format=csv");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.text()).contains("Salma");
        await().atMost(WAIT).until(() -> entries("?kind=EXPORT").size() == 1);
        JsonNode exported = only("EXPORT");
        assertThat(exported.get("exhibitorId").asString()).isEqualTo(exhibitor);
        assertThat(exported.get("account").asString()).isEqualTo("admin@" + exhibitor);
        assertThat(exported.get("role").asString()).isEqualTo("EXHIBITOR_ADMIN");
        assertThat(exported.get("visitors").asLong()).isEqualTo(2);
        assertThat(exported.get("reference").asString()).isEqualTo(export.headers().firstValue("X-Lead-Export-Id").orElseThrow());

        // A digest sent with a file of three leads, reported twice (a redelivery), then an alert and a digest without file.
        publishDigestOutcome(exhibitor, "digest-1", "DIGEST", 3);
        publishDigestOutcome(exhibitor, "digest-1", "DIGEST", 3);
        publishDigestOutcome(exhibitor, "alert-1", "ALERT", null);
        publishDigestOutcome(exhibitor, "digest-0", "DIGEST", null);
        await().atMost(WAIT).until(() -> entries("?kind=DIGEST_ATTACHMENT").size() >= 1);
        JsonNode digest = only("DIGEST_ATTACHMENT");
        assertThat(digest.get("visitors").asLong()).isEqualTo(3);
        assertThat(digest.get("role").asString()).isEqualTo("SERVICE");
        assertThat(digest.get("exhibitorId").asString()).isEqualTo(exhibitor);
        assertThat(digest.toString()).doesNotContain("sales@");

        assertThat(entries("")).hasSize(4);
        assertThat(entries("?from=" + Instant.now().plusSeconds(60))).isEmpty();
        assertThat(entries("?to=" + before)).isEmpty();
        HttpJson.Answer other = organizer.get("/api/editions/" + openEdition() + "/audit");
        assertThat(other.json().get("items")).as("another edition's log").isEmpty();
    }

    @Test
    void the_log_reads_back_as_csv_and_page_by_page() throws Exception {
        String exhibitor = approvedExhibitor();
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 5; i++) {
            publishDigestOutcome(exhibitor, run + "-digest-" + i, "DIGEST", i + 1);
        }
        await().atMost(WAIT).until(() -> entries("").size() == 5);

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            HttpJson.Answer page = organizer.get("/api/editions/" + edition + "/audit?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().get("items").forEach(item -> paged.add(item.get("reference").asString()));
            cursor = page.json().hasNonNull("nextCursor") ? page.field("nextCursor") : null;
        } while (cursor != null);
        assertThat(paged).hasSize(5).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(run + "-digest-0", run + "-digest-1", run + "-digest-2", run + "-digest-3", run + "-digest-4");

        HttpJson.Answer csv = organizer.get("/api/editions/" + edition + "/audit.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.text()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            assertThat(parser.getHeaderNames()).containsExactly("at", "lastAt", "kind", "editionId", "exhibitorId", "account",
                    "role", "visitors", "reads", "reference");
            List<CSVRecord> rows = parser.getRecords();
            assertThat(rows).hasSize(5);
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.get("kind")).isEqualTo("DIGEST_ATTACHMENT");
                assertThat(row.get("editionId")).isEqualTo(edition);
                assertThat(row.get("exhibitorId")).isEqualTo(exhibitor);
                Instant.parse(row.get("at"));
            });
            assertThat(rows.stream().mapToLong(row -> Long.parseLong(row.get("visitors"))).sum()).isEqualTo(1 + 2 + 3 + 4 + 5);
        }
        HttpJson.Answer filtered = organizer.get("/api/editions/" + edition + "/audit.csv?kind=EXPORT");
        assertThat(filtered.text().strip().lines()).as("the header alone").hasSize(1);
    }

    @Test
    void bad_filters_and_cursors_get_a_problem_and_only_the_organizer_reads_the_log() {
        Map<String, String> refused = Map.of(
                "?kind=EVERYTHING", "kind",
                "?from=yesterday", "from",
                "?to=2026-13-01T00:00:00Z", "to",
                "?from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z", "to",
                "?cursor=not-a-cursor", "cursor");
        // The CSV is the whole log: it takes no cursor.
        refused.forEach((query, field) -> {
            for (String path : field.equals("cursor") ? List.of("/audit") : List.of("/audit", "/audit.csv")) {
                HttpJson.Answer answer = organizer.get("/api/editions/" + edition + path + query);
                assertThat(answer.status()).as(path + query + " " + answer.text()).isEqualTo(400);
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.json().get("errors").findValuesAsString("field")).as(path + query).containsExactly(field);
            }
        });
        assertThat(organizer.get("/api/editions/" + edition + "/audit?kind=EVERYTHING").field("reason")).isEqualTo("UNKNOWN_KIND");
        String exhibitor = approvedExhibitor();
        assertThat(admin(exhibitor).get("/api/editions/" + edition + "/audit").status()).isEqualTo(403);
        assertThat(http.bearer(TestTokens.get().staff(exhibitor, "amine")).get("/api/editions/" + edition + "/audit.csv").status())
                .isEqualTo(403);
        assertThat(http.get("/api/editions/" + edition + "/audit").status()).isEqualTo(401);
    }
}
