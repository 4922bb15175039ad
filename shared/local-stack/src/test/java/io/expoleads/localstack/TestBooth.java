package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;

/**
 * A booth the scanner and dashboard tests start from, set up through the web tier's API: a new
 * edition; Atlas Mobility approved with its seats and a qualification form of the five question
 * kinds; Amine Alaoui and Nadia Tazi, who accepted their emailed invitations; five registered
 * visitors with their badge codes. People's addresses are at the test class's own domain: the
 * store is shared by the test classes.
 *
 * @param scanners  each staff member's API client, signed in, by first name in lower case
 * @param badges    each visitor's badge code, by first name
 * @param attendees each visitor's attendee id, by first name
 */
record TestBooth(String exhibitorId, HttpJson admin, Map<String, HttpJson> scanners, Map<String, String> badges,
                 Map<String, String> attendees) {

    static final String ADMIN_PASSWORD = "atlas-admin-passphrase";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern INVITATION = Pattern.compile("/scan/#invitation=([A-Za-z0-9_-]{43})");

    /**
     * @param callbackRequired whether the form's yes/no question must be answered
     */
    static TestBooth open(LocalStack stack, String domain, int seats, boolean callbackRequired) {
        HttpJson web = new HttpJson(stack.webUrl());
        HttpJson organizer = web.signedIn(stack.organizerUsername(), stack.organizerPassword());
        HttpJson.Answer edition = organizer.post("/api/editions", HttpJson.json(Map.of(
                "name", "Smart City Expo Casablanca 2026", "venue", "OFEC Casablanca",
                "startDate", "2026-11-24", "endDate", "2026-11-26")));
        assertThat(edition.status()).isEqualTo(201);
        String editionId = edition.field("id");
        HttpJson.Answer application = web.post("/api/editions/" + editionId + "/exhibitors", HttpJson.json(Map.of(
                "companyName", "Atlas Mobility", "contactName", "Salma Benali", "contactEmail", "salma@" + domain,
                "country", "MA", "language", "fr", "salesEmails", List.of("sales@" + domain), "password", ADMIN_PASSWORD)));
        assertThat(application.status()).isEqualTo(201);
        String exhibitorId = application.field("id");
        HttpJson admin = web.signedIn("salma@" + domain, ADMIN_PASSWORD);
        assertThat(admin.post("/api/exhibitors/" + exhibitorId + "/submit", null).field("status")).isEqualTo("SUBMITTED");
        assertThat(organizer.post("/api/exhibitors/" + exhibitorId + "/approve", null).field("status")).isEqualTo("APPROVED");
        assertThat(organizer.put("/api/exhibitors/" + exhibitorId + "/seats", "{\"seats\":" + seats + "}").status()).isEqualTo(200);
        Map<String, Object> callback = new LinkedHashMap<>(Map.of("key", "callback", "label", "Call back?", "type", "YES_NO"));
        if (callbackRequired) {
            callback.put("required", true);
        }
        assertThat(admin.put("/api/exhibitors/" + exhibitorId + "/qualification-form", HttpJson.json(Map.of("questions", List.of(
                Map.of("key", "interest", "label", "Main interest", "type", "SINGLE_CHOICE", "options", List.of("Trams", "Buses", "Bikes")),
                Map.of("key", "budget", "label", "Budget", "type", "MULTIPLE_CHOICE", "options", List.of("< 100k", "100k-1M", "> 1M")),
                Map.of("key", "timeline", "label", "How soon (1 = years, 5 = now)", "type", "SCALE_1_TO_5"),
                callback,
                Map.of("key", "needs", "label", "Needs", "type", "FREE_TEXT"))))).status()).isEqualTo(200);

        Map<String, String> staff = Map.of("amine", "Amine Alaoui", "nadia", "Nadia Tazi");
        staff.forEach((who, name) -> assertThat(admin.post("/api/exhibitors/" + exhibitorId + "/staff",
                HttpJson.json(Map.of("email", who + "@" + domain, "name", name))).status()).isEqualTo(201));
        Map<String, HttpJson> scanners = new HashMap<>();
        for (String who : staff.keySet()) {
            String address = who + "@" + domain;
            await().atMost(WAIT).until(() -> invitationCode(stack, address) != null);
            assertThat(web.post("/api/invitations/" + invitationCode(stack, address) + "/accept",
                    "{\"password\":\"" + who + "-passphrase-1\"}").status()).isEqualTo(200);
            scanners.put(who, web.signedIn(address, who + "-passphrase-1"));
        }

        List<Map<String, Object>> visitors = List.of(
                visitor("R-1", "Youssef", "El Amrani", "Casa Transport"),
                visitor("R-2", "Salma", "Idrissi", "Tanger Med"),
                visitor("R-3", "يوسف", "العمراني", "الدار البيضاء للنقل"),
                visitor("R-4", "Karim", "Bennani", "ONCF"),
                visitor("R-5", "Hind", "Berrada", "Marsa Maroc"));
        HttpJson.Answer imported = importVisitors(organizer, editionId, HttpJson.json(visitors));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        Map<String, String> badges = new HashMap<>();
        Map<String, String> attendees = new HashMap<>();
        for (int i = 0; i < visitors.size(); i++) {
            String attendeeId = imported.json().get("attendees").get(i).get("attendeeId").asString();
            String firstName = (String) visitors.get(i).get("firstName");
            attendees.put(firstName, attendeeId);
            badges.put(firstName, organizer.get("/api/attendees/" + attendeeId + "/badge?format=json").field("payload"));
        }
        return new TestBooth(exhibitorId, admin, scanners, badges, attendees);
    }

    /** The code of the first invitation emailed to that address, or null while none arrived. */
    static String invitationCode(LocalStack stack, String address) {
        for (MimeMessage message : stack.mail().getReceivedMessages()) {
            if (address.equals(TestMailServer.recipient(message))) {
                Matcher code = INVITATION.matcher(TestMailServer.body(message));
                if (code.find()) {
                    return code.group(1);
                }
            }
        }
        return null;
    }

    /**
     * Visitors imported into an edition, sent again while lead-service answers 404 {@code UNKNOWN_EDITION}
     * (an edition "created a moment ago may take a few seconds to arrive", the answer says, and a client
     * sends it again). The stacks of a test JVM are instances of one deployment (one broker, one store,
     * the same consumer groups): a stack that starts, loses a process or stops moves
     * {@code expo.editions.v1}'s partitions between the lead-service instances, and an edition created
     * meanwhile arrives after the rebalance, later than the 2 s lead-service waits for one (seen in a
     * clean CI run: ErasureEndToEndIT's edition, created as ServiceRestartIT's stack stopped).
     */
    static HttpJson.Answer importVisitors(HttpJson caller, String editionId, String rows) {
        String path = "/api/editions/" + editionId + "/attendees/import";
        HttpJson.Answer[] answer = new HttpJson.Answer[1];
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
            answer[0] = caller.post(path, rows);
            return answer[0].status() != 404 || answer[0].text() == null || !answer[0].text().contains("\"UNKNOWN_EDITION\"");
        });
        return answer[0];
    }

    private static Map<String, Object> visitor(String registrationId, String firstName, String lastName, String company) {
        return Map.of("registrationId", registrationId, "firstName", firstName, "lastName", lastName, "company", company,
                "email", registrationId.toLowerCase() + "@visitors.example", "shareContact", true);
    }
}
