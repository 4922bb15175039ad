package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

import io.expoleads.testsupport.HttpJson;
import tools.jackson.databind.JsonNode;

/**
 * A booth set up through the web tier without any email: an edition, an approved exhibitor with a
 * shared booth device (set up by its code), and visitors with signed badges. For the fault tests,
 * which need a scanner and many badges, not the staff's invitations.
 */
record DeviceBooth(String exhibitorId, HttpJson device, List<String> badges, HttpJson admin, String deviceToken, String adminToken) {

    static DeviceBooth open(String webUrl, String organizerUsername, String organizerPassword, String domain, int visitors) {
        return open(webUrl, new HttpJson(webUrl).signedIn(organizerUsername, organizerPassword), domain, visitors);
    }

    /** The same with the organizer already signed in: booths set up at once share one sign-in. */
    static DeviceBooth open(String webUrl, HttpJson organizer, String domain, int visitors) {
        return open(webUrl, organizer, fair(organizer, domain, visitors), domain);
    }

    /**
     * An edition with its visitors and their signed badges, which the booths of several exhibitors may
     * share; the badges are fetched in the background, so that booths are set up meanwhile.
     */
    record Fair(String editionId, ForkJoinPool fetching, ForkJoinTask<List<String>> fetched) {

        /** The visitors' badges, in the import's order, once all are fetched. */
        List<String> badges() {
            try {
                return fetched.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("the badges could not be fetched", e);
            } finally {
                fetching.shutdown();
            }
        }
    }

    /** An edition of its own, {@code visitors} visitors imported into it (addresses at the domain), and their badges. */
    static Fair fair(HttpJson organizer, String domain, int visitors) {
        HttpJson.Answer edition = organizer.post("/api/editions", HttpJson.json(Map.of(
                "name", "Fault test " + domain, "venue", "OFEC Casablanca",
                "startDate", "2026-11-24", "endDate", "2026-11-26")));
        assertThat(edition.status()).isEqualTo(201);
        String editionId = edition.field("id");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            rows.add(Map.of("registrationId", "FAULT-" + i, "firstName", "Visitor", "lastName", "N" + i,
                    "company", "Company " + (i % 17), "email", "visitor" + i + "@" + domain, "shareContact", true));
        }
        HttpJson.Answer imported = TestBooth.importVisitors(organizer, editionId, HttpJson.json(rows));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        List<String> attendeeIds = new ArrayList<>();
        imported.json().get("attendees").forEach(attendee -> attendeeIds.add(attendee.get("attendeeId").asString()));
        // Four at a time, in the import's order: one after another, 400 badges took 7-11 s, four at a time 1.3-2.3 s.
        ForkJoinPool fetching = new ForkJoinPool(4);
        return new Fair(editionId, fetching, fetching.submit(() -> attendeeIds.parallelStream()
                .map(id -> organizer.get("/api/attendees/" + id + "/badge?format=json").field("payload")).toList()));
    }

    /** An exhibitor of the fair, approved, with its booth device set up: ready once lead-service takes its scans. */
    static DeviceBooth open(String webUrl, HttpJson organizer, Fair fair, String domain) {
        HttpJson web = new HttpJson(webUrl);
        String adminEmail = "admin@" + domain;
        HttpJson.Answer application = web.post("/api/editions/" + fair.editionId() + "/exhibitors", HttpJson.json(Map.of(
                "companyName", "Fault Test " + domain, "contactName", "Admin", "contactEmail", adminEmail,
                "password", TestBooth.ADMIN_PASSWORD)));
        assertThat(application.status()).as(application.text()).isEqualTo(201);
        String exhibitorId = application.field("id");
        HttpJson.Answer signIn = web.post("/api/auth/token", HttpJson.json(Map.of("username", adminEmail, "password", TestBooth.ADMIN_PASSWORD)));
        assertThat(signIn.status()).as(signIn.text()).isEqualTo(200);
        String adminToken = signIn.field("accessToken");
        HttpJson admin = web.bearer(adminToken);
        assertThat(admin.post("/api/exhibitors/" + exhibitorId + "/submit", null).field("status")).isEqualTo("SUBMITTED");
        assertThat(organizer.post("/api/exhibitors/" + exhibitorId + "/approve", null).field("status")).isEqualTo("APPROVED");
        String setupCode = admin.post("/api/exhibitors/" + exhibitorId + "/devices", HttpJson.json(Map.of("name", "Booth scanner")))
                .field("setupCode");
        JsonNode activated = web.post("/api/devices/activate", HttpJson.json(Map.of("setupCode", setupCode))).json();
        String deviceToken = activated.get("token").get("accessToken").asString();
        HttpJson device = web.bearer(deviceToken);
        DeviceBooth booth = new DeviceBooth(exhibitorId, device, fair.badges(), admin, deviceToken, adminToken);
        // lead-service learns of the approval and the device from Kafka: scans are refused until then.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> device.post("/api/scans", HttpJson.json(booth.scan(0))).status() == 202);
        return booth;
    }

    /** The booth device talking to one service instance directly, not through the web tier. */
    HttpJson deviceAt(String instanceUrl) {
        return new HttpJson(instanceUrl).bearer(deviceToken);
    }

    /** A new scan (fresh scan id) of one of the booth's badges. */
    Map<String, Object> scan(int visitor) {
        return Map.of("scanId", UUID.randomUUID().toString(), "badge", badges.get(visitor % badges.size()),
                "scannedAt", Instant.now().toString());
    }
}
