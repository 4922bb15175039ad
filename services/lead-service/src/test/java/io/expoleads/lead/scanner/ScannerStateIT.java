package io.expoleads.lead.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.HttpJson;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Scanners reporting what waits on them: who may report, what is refused and why, one document
 * per exhibitor and phone however often and concurrently it reports, the team's view with a phone
 * stuck for 15 minutes standing out, and the organizer's help-desk list.
 */
class ScannerStateIT extends LeadServiceIT {

    @Test
    void a_phone_reports_again_and_again_into_one_document_and_its_team_sees_it_stand_out_after_15_minutes() throws Exception {
        String exhibitor = approvedExhibitor();
        String phone = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        HttpJson.Answer first = report(staff(exhibitor, "amine"), phone, 0, null, null);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.field("kind")).isEqualTo("STAFF");
        assertThat(first.field("name")).isEqualTo("Amine Alaoui");
        assertThat(first.json().get("stuck").asBoolean()).isFalse();

        Instant taken = now.minus(2, ChronoUnit.MINUTES);
        Instant uploaded = now.minus(1, ChronoUnit.HOURS);
        // The same phone reports from several requests at once (an upload's report and the minute's): still one document.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpJson.Answer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> report(staff(exhibitor, "amine"), phone, 3, taken, uploaded)));
            }
            for (Future<HttpJson.Answer> answer : answers) {
                assertThat(answer.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mongo.getCollection("scanner_states").countDocuments(new Document("exhibitorId", exhibitor))).isEqualTo(1);
        Document stored = mongo.getCollection("scanner_states").find(new Document("_id", exhibitor + "/" + phone)).first();
        assertThat(stored.getDate("purgeAt").toInstant()).as("forgotten by the TTL index once not seen for 30 days")
                .isEqualTo(stored.getDate("lastSeenAt").toInstant().plus(Duration.ofDays(30)));
        assertThat(mongo.getCollection("scanner_states").listIndexes().into(new java.util.ArrayList<>()))
                .anySatisfy(index -> assertThat(index.get("expireAfterSeconds")).isNotNull());

        // A booth device reports from its own install.
        String boothPhone = UUID.randomUUID().toString();
        assertThat(report(device(exhibitor, "device-1"), boothPhone, 0, null, uploaded).status()).isEqualTo(200);

        JsonNode team = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/scanners").json();
        assertThat(team).hasSize(2);
        JsonNode amine = team.get(0);
        assertThat(amine.get("phoneId").asString()).as("scans waiting come first").isEqualTo(phone);
        assertThat(amine.get("unsent").asLong()).isEqualTo(3);
        assertThat(Instant.parse(amine.get("oldestUnsentAt").asString())).isEqualTo(taken);
        assertThat(Instant.parse(amine.get("lastUploadAt").asString())).isEqualTo(uploaded);
        assertThat(amine.get("appVersion").asString()).isEqualTo("2026.12.1");
        assertThat(amine.get("stuck").asBoolean()).as("waiting 2 minutes").isFalse();
        assertThat(team.get(1).get("kind").asString()).isEqualTo("DEVICE");
        assertThat(team.get(1).get("name").asString()).isEqualTo("Booth phone");
        assertThat(staff(exhibitor, "salma").get("/api/exhibitors/" + exhibitor + "/scanners").status())
                .as("staff see their team's phones too").isEqualTo(200);

        // 13 minutes later the oldest scan has waited 15: the phone stands out, for the team and the help desk.
        clock.set(now.plus(13, ChronoUnit.MINUTES));
        JsonNode later = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/scanners").json();
        assertThat(later.get(0).get("stuck").asBoolean()).isTrue();
        assertThat(later.get(1).get("stuck").asBoolean()).as("nothing waits on the device").isFalse();

        // It uploads: nothing waits any more, nothing stands out, and the help desk no longer lists it.
        assertThat(report(staff(exhibitor, "amine"), phone, 0, null, now.plus(13, ChronoUnit.MINUTES)).status()).isEqualTo(200);
        JsonNode settled = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/scanners").json();
        assertThat(settled).hasSize(2);
        assertThat(settled).allSatisfy(state -> assertThat(state.get("stuck").asBoolean()).isFalse());
        assertThat(organizer.get("/api/editions/" + edition + "/unsent-scans").json().get("exhibitors")).isEmpty();
    }

    @Test
    void the_help_desk_lists_per_exhibitor_the_phones_with_scans_waiting_and_only_the_organizer_may() {
        String atlas = approvedExhibitor();
        String rival = approvedExhibitor();
        String waiting = exhibitorInState(ExhibitorStatus.SUBMITTED);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String atlasPhone = UUID.randomUUID().toString();
        String atlasOther = UUID.randomUUID().toString();
        assertThat(report(staff(atlas, "amine"), atlasPhone, 4, now.minus(20, ChronoUnit.MINUTES), null).status()).isEqualTo(200);
        assertThat(report(staff(atlas, "salma"), atlasOther, 1, now.minus(1, ChronoUnit.MINUTES), now).status()).isEqualTo(200);
        assertThat(report(staff(rival, "amine"), UUID.randomUUID().toString(), 0, null, now).status()).isEqualTo(200);
        // An exhibitor not approved yet cannot upload, so its scans wait: its phones still report.
        assertThat(report(staff(waiting, "amine"), UUID.randomUUID().toString(), 2, now.minus(3, ChronoUnit.MINUTES), null).status())
                .isEqualTo(200);

        HttpJson.Answer desk = organizer.get("/api/editions/" + edition + "/unsent-scans");
        assertThat(desk.status()).as(desk.text()).isEqualTo(200);
        JsonNode exhibitors = desk.json().get("exhibitors");
        assertThat(exhibitors).hasSize(2);
        JsonNode first = exhibitors.get(0);
        assertThat(first.get("exhibitorId").asString()).as("the longest wait first").isEqualTo(atlas);
        assertThat(first.get("companyName").asString()).isEqualTo("Atlas Mobility");
        assertThat(first.get("boothCode").asString()).isEqualTo("B-12");
        assertThat(first.get("unsent").asLong()).isEqualTo(5);
        assertThat(first.get("stuck").asBoolean()).isTrue();
        assertThat(first.get("scanners")).extracting(state -> state.get("phoneId").asString()).containsExactly(atlasPhone, atlasOther);
        assertThat(first.get("scanners").get(0).get("name").asString()).isEqualTo("Amine Alaoui");
        assertThat(exhibitors.get(1).get("exhibitorId").asString()).isEqualTo(waiting);
        assertThat(exhibitors.get(1).get("stuck").asBoolean()).isFalse();

        String otherEdition = openEdition();
        assertThat(organizer.get("/api/editions/" + otherEdition + "/unsent-scans").json().get("exhibitors"))
                .as("another edition's help desk").isEmpty();
        assertThat(admin(atlas).get("/api/editions/" + edition + "/unsent-scans").status()).isEqualTo(403);
        assertThat(staff(atlas, "amine").get("/api/editions/" + edition + "/unsent-scans").status()).isEqualTo(403);
        assertThat(admin(rival).get("/api/exhibitors/" + atlas + "/scanners").status()).as("another exhibitor's phones").isEqualTo(404);
        assertThat(device(atlas, "device-1").get("/api/exhibitors/" + atlas + "/scanners").status()).isEqualTo(403);
        assertThat(admin(rival).get("/api/exhibitors/" + rival + "/scanners").json()).hasSize(1);
    }

    @Test
    void only_a_scanner_of_the_team_reports_and_a_report_no_scanner_could_make_is_refused_with_its_reason_storing_nothing() {
        String exhibitor = approvedExhibitor();
        String phone = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        assertThat(report(http, phone, 0, null, null).status()).as("no token").isEqualTo(401);
        assertThat(report(admin(exhibitor), phone, 0, null, null).status()).as("an admin does not scan").isEqualTo(403);
        assertThat(report(organizer, phone, 0, null, null).status()).isEqualTo(403);
        HttpJson.Answer revoked = report(staff(exhibitor, "karim"), phone, 1, now, null);
        assertThat(revoked.status()).isEqualTo(403);
        assertThat(revoked.field("reason")).isEqualTo("STAFF_REVOKED");
        HttpJson.Answer gone = report(device(exhibitor, "device-9"), phone, 1, now, null);
        assertThat(gone.status()).isEqualTo(403);
        assertThat(gone.field("reason")).isEqualTo("DEVICE_REVOKED");

        HttpJson amine = staff(exhibitor, "amine");
        assertRefused(amine.put("/api/scanners/not-a-phone/state", body(0, null, null, "1.0")), "MALFORMED_ID", "phoneId");
        assertRefused(report(amine, phone, -1, null, null), "UNSENT_OUT_OF_RANGE", "unsent");
        assertRefused(report(amine, phone, 2_000_000, now, null), "UNSENT_OUT_OF_RANGE", "unsent");
        assertRefused(amine.put("/api/scanners/" + phone + "/state", "{\"appVersion\":\"1.0\"}"), "UNSENT_OUT_OF_RANGE", "unsent");
        assertRefused(report(amine, phone, 3, null, null), "OLDEST_UNSENT_MISMATCH", "oldestUnsentAt");
        assertRefused(report(amine, phone, 0, now, null), "OLDEST_UNSENT_MISMATCH", "oldestUnsentAt");
        assertRefused(report(amine, phone, 1, now.plus(2, ChronoUnit.DAYS), null), "TIME_OUT_OF_RANGE", "oldestUnsentAt");
        assertRefused(report(amine, phone, 0, null, Instant.parse("1970-01-01T00:00:00Z")), "TIME_OUT_OF_RANGE", "lastUploadAt");
        assertRefused(amine.put("/api/scanners/" + phone + "/state", body(0, null, null, "x".repeat(41))), "APP_VERSION_INVALID", "appVersion");
        assertRefused(amine.put("/api/scanners/" + phone + "/state", body(0, null, null, "<script>")), "APP_VERSION_INVALID", "appVersion");
        assertRefused(amine.put("/api/scanners/" + phone + "/state", body(0, null, null, null)), "APP_VERSION_INVALID", "appVersion");
        HttpJson.Answer malformed = amine.put("/api/scanners/" + phone + "/state", "{\"unsent\":\"many\",\"appVersion\":\"1.0\"}");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.field("reason")).isEqualTo("INVALID_FIELDS");
        HttpJson.Answer badTime = amine.put("/api/scanners/" + phone + "/state",
                "{\"unsent\":1,\"oldestUnsentAt\":\"yesterday\",\"appVersion\":\"1.0\"}");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.contentType()).startsWith("application/problem+json");

        assertThat(mongo.getCollection("scanner_states").countDocuments(new Document("exhibitorId", exhibitor)))
                .as("nothing refused was kept").isZero();
        assertThat(report(amine, phone, 1, now.plus(10, ChronoUnit.MINUTES), null).status())
                .as("a phone's clock a few minutes ahead is no error").isEqualTo(200);
    }

    private void assertRefused(HttpJson.Answer answer, String reason, String field) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.field("reason")).as(answer.text()).isEqualTo(reason);
        assertThat(answer.text()).contains("\"" + field + "\"");
    }

    private static HttpJson.Answer report(HttpJson scanner, String phone, long unsent, Instant oldest, Instant lastUpload) {
        return scanner.put("/api/scanners/" + phone + "/state", body(unsent, oldest, lastUpload, "2026.12.1"));
    }

    private static String body(long unsent, Instant oldest, Instant lastUpload, String version) {
        Map<String, Object> body = new HashMap<>();
        body.put("unsent", unsent);
        body.put("oldestUnsentAt", oldest == null ? null : oldest.toString());
        body.put("lastUploadAt", lastUpload == null ? null : lastUpload.toString());
        body.put("appVersion", version);
        return HttpJson.json(body);
    }
}
