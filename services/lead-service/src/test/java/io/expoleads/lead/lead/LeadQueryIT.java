package io.expoleads.lead.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** An exhibitor's leads listed with filters, sorts and cursors, and counted for the dashboard. */
class LeadQueryIT extends LeadServiceIT {

    @Autowired
    LeadStore leads;

    String exhibitor;
    HttpJson admin;

    /**
     * Six visitors scanned on 24 November 2026, Casablanca time (UTC+1): Nadia, Youssef and
     * Karima by amine at 09:xx, Omar by salma at 10:xx, then Hind (by both) and Said (device-1).
     */
    @BeforeEach
    void sixLeads() {
        publishEdition(LocalDate.parse("2026-11-24"), LocalDate.parse("2026-11-26"), "Africa/Casablanca");
        exhibitor = approvedExhibitor();
        admin = admin(exhibitor);
        scanAt("L-1", "Nadia", "Tanger Med", "amine", "2026-11-24T08:05:00Z");
        scanAt("L-2", "Youssef", "Casa Transport", "amine", "2026-11-24T08:20:00Z");
        scanAt("L-3", "Karima", "ONCF", "amine", "2026-11-24T08:40:00Z");
        scanAt("L-4", "Omar", "Casa Transport", "salma", "2026-11-24T09:10:00Z");
        scanAt("L-5", "Hind", "Alsa", "salma", "2026-11-24T23:30:00Z");
        scanAt("L-5", "Hind", "Alsa", "amine", "2026-11-25T09:00:00Z");
        device(exhibitor, "device-1").post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badgeOf(attendeeFor("L-6", "Said", "Marsa Maroc")), "scannedAt", "2026-11-25T10:00:00Z")));
        await().atMost(WAIT).until(() -> count(admin.get("/api/exhibitors/" + exhibitor + "/stats").json()) == 7);
        qualify("L-1", Map.of("rating", 5, "addTags", List.of("vip"), "followUp", true));
        qualify("L-2", Map.of("rating", 5, "addTags", List.of("vip", "fleet")));
        qualify("L-4", Map.of("rating", 2, "addTags", List.of("fleet")));
    }

    @Test
    void filters_narrow_the_list() {
        assertThat(names("")).containsExactly("Said", "Hind", "Omar", "Karima", "Youssef", "Nadia");
        assertThat(names("rating=5")).containsExactlyInAnyOrder("Nadia", "Youssef");
        assertThat(names("rating=0")).containsExactlyInAnyOrder("Karima", "Hind", "Said");
        assertThat(names("minRating=2")).containsExactlyInAnyOrder("Nadia", "Youssef", "Omar");
        assertThat(names("tag=fleet")).containsExactlyInAnyOrder("Youssef", "Omar");
        assertThat(names("tag=fleet&tag=vip")).containsExactly("Youssef");
        assertThat(names("staff=salma")).containsExactlyInAnyOrder("Omar", "Hind");
        assertThat(names("staff=device-1")).containsExactly("Said");
        assertThat(names("followUp=true")).containsExactly("Nadia");
        assertThat(names("from=2026-11-24T08:15:00Z&to=2026-11-24T09:00:00Z")).containsExactlyInAnyOrder("Youssef", "Karima");
        assertThat(names("from=2026-11-25T08:00:00Z")).as("Hind's second scan counts").containsExactlyInAnyOrder("Hind", "Said");
        assertThat(names("q=casa")).containsExactlyInAnyOrder("Youssef", "Omar");
        assertThat(names("q=KARI")).containsExactly("Karima");
        assertThat(names("q=.*")).as("text, not a pattern").isEmpty();
        assertThat(names("q=casa&rating=2")).containsExactly("Omar");
    }

    @Test
    void a_cursor_walks_every_sort_order_without_gaps_or_repeats() {
        for (String sort : List.of("-lastScanAt", "lastScanAt", "firstScanAt", "-firstScanAt", "rating", "-rating", "name",
                "-name", "scanCount", "-scanCount")) {
            List<String> walked = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = admin.get("/api/exhibitors/" + exhibitor + "/leads?limit=2&sort=" + sort
                        + (cursor == null ? "" : "&cursor=" + cursor)).json();
                page.get("items").forEach(item -> walked.add(item.get("attendee").get("firstName").asString()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            } while (cursor != null);
            assertThat(walked).as(sort).hasSize(6).doesNotHaveDuplicates();
            List<String> all = names("sort=" + sort + "&limit=10");
            assertThat(walked).as(sort).containsExactlyElementsOf(all);
        }
        List<String> byRating = names("sort=rating&limit=10");
        assertThat(byRating.subList(0, 3)).as("not rated first").containsExactlyInAnyOrder("Karima", "Hind", "Said");
        assertThat(byRating.get(3)).isEqualTo("Omar");
        assertThat(byRating.subList(4, 6)).containsExactlyInAnyOrder("Nadia", "Youssef");
        assertThat(names("sort=name&limit=10")).containsExactly("Hind", "Karima", "Nadia", "Omar", "Said", "Youssef");
        assertThat(admin.get("/api/exhibitors/" + exhibitor + "/leads?sort=secret").status()).isEqualTo(400);
        assertThat(admin.get("/api/exhibitors/" + exhibitor + "/leads?cursor=garbage").status()).isEqualTo(400);
        for (String forged : List.of("{\"f\":\"rating\",\"v\":[1],\"id\":\"x\"}", "{\"f\":\"rating\",\"v\":99999999999,\"id\":\"x\"}",
                "{\"f\":\"lastScanAt\",\"v\":{},\"id\":\"x\"}", "{\"f\":\"lastScanAt\",\"v\":\"noon\",\"id\":\"x\"}")) {
            String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes());
            String sort = forged.contains("rating") ? "rating" : "-lastScanAt";
            assertThat(admin.get("/api/exhibitors/" + exhibitor + "/leads?sort=" + sort + "&cursor=" + cursor).status())
                    .as(forged).isEqualTo(400);
        }
        assertThat(admin.get("/api/exhibitors/" + exhibitor + "/leads?rating=9").status()).isEqualTo(400);
        assertThat(admin.get("/api/exhibitors/" + exhibitor + "/leads?from=yesterday").status()).isEqualTo(400);
        assertThat(admin.get("/api/exhibitors/" + exhibitor + "/leads?limit=0").status()).isEqualTo(400);
    }

    @Test
    void stats_count_leads_by_rating_by_local_hour_and_day_and_by_staff() {
        JsonNode stats = admin.get("/api/exhibitors/" + exhibitor + "/stats").json();
        assertThat(stats.get("timeZone").asString()).isEqualTo("Africa/Casablanca");
        assertThat(stats.get("totalLeads").asLong()).isEqualTo(6);
        assertThat(stats.get("totalScans").asLong()).isEqualTo(7);
        assertThat(stats.get("followUps").asLong()).isEqualTo(1);
        assertThat(stats.get("byRating").get("5").asLong()).isEqualTo(2);
        assertThat(stats.get("byRating").get("2").asLong()).isEqualTo(1);
        assertThat(stats.get("byRating").get("0").asLong()).isEqualTo(3);
        assertThat(stats.get("perHour").toString()).isEqualTo("[{\"start\":\"2026-11-24T09:00\",\"leads\":3},"
                + "{\"start\":\"2026-11-24T10:00\",\"leads\":1},{\"start\":\"2026-11-25T00:00\",\"leads\":1},"
                + "{\"start\":\"2026-11-25T11:00\",\"leads\":1}]");
        assertThat(stats.get("perDay").toString()).as("23:30 UTC is past midnight in Casablanca")
                .isEqualTo("[{\"start\":\"2026-11-24\",\"leads\":4},{\"start\":\"2026-11-25\",\"leads\":2}]");
        assertThat(stats.get("perStaff").toString()).isEqualTo("[{\"staffId\":\"amine\",\"leads\":4,\"scans\":4},"
                + "{\"staffId\":\"device-1\",\"leads\":1,\"scans\":1},{\"staffId\":\"salma\",\"leads\":2,\"scans\":2}]");
    }

    private long count(JsonNode stats) {
        return stats.get("totalScans").asLong();
    }

    private List<String> names(String query) {
        HttpJson.Answer page = admin.get("/api/exhibitors/" + exhibitor + "/leads?" + query);
        assertThat(page.status()).as(query + ": " + page.text()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        page.json().get("items").forEach(item -> names.add(item.get("attendee").get("firstName").asString()));
        return names;
    }

    private final Map<String, String> attendeeIds = new java.util.HashMap<>();

    private String attendeeFor(String registrationId, String firstName, String company) {
        return attendeeIds.computeIfAbsent(registrationId, id -> {
            HttpJson.Answer report = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                    "registrationId", id, "firstName", firstName, "lastName", "Test", "company", company, "shareContact", true))));
            return report.json().get("attendees").get(0).get("attendeeId").asString();
        });
    }

    private void scanAt(String registrationId, String firstName, String company, String staffId, String at) {
        HttpJson.Answer scan = staff(exhibitor, staffId).post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badgeOf(attendeeFor(registrationId, firstName, company)), "scannedAt", Instant.parse(at).toString())));
        assertThat(scan.status()).as(scan.text()).isEqualTo(202);
    }

    private void qualify(String registrationId, Map<String, Object> change) {
        String leadId = Lead.idOf(exhibitor, attendeeIds.get(registrationId));
        assertThat(admin.patch("/api/leads/" + leadId, HttpJson.json(change)).status()).isEqualTo(200);
    }
}
