package io.expoleads.lead.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A booth's directory search for a visitor without a readable badge: what it matches, what it shows
 * (the organizer's visible fields, never email or phone), that erased visitors are never found, and
 * its throttle, audit, access and bad input. Each test scans with staff ids of its own, as the
 * throttle counts per account.
 */
class DirectorySearchIT extends LeadServiceIT {

    private String staffId;

    /** An approved exhibitor whose only staff member is this test's own (the throttle counts per account). */
    private String exhibitorWithOwnStaff() {
        staffId = "staff-" + UUID.randomUUID();
        String exhibitor = UUID.randomUUID().toString();
        ExhibitorView base = exhibitorView(exhibitor, ExhibitorStatus.APPROVED, 2, null);
        publishExhibitor(new ExhibitorView(exhibitor, edition, 2, ExhibitorStatus.APPROVED, base.companyName(), base.country(),
                base.language(), base.boothCode(), base.seats(), base.salesEmails(), List.of(staffId), List.of("device-1"), null,
                null, base.contactEmail(), Map.of(staffId, "Nadia Chraibi")));
        await().atMost(WAIT).until(() -> exhibitors.find(exhibitor).isPresent());
        return exhibitor;
    }

    private String importVisitor(String registrationId, String firstName, String lastName, String company) {
        Map<String, Object> row = new HashMap<>(Map.of("registrationId", registrationId, "firstName", firstName,
                "lastName", lastName, "company", company, "jobTitle", "Buyer", "email", registrationId.toLowerCase() + "@visitors.example",
                "phone", "+212600000000", "country", "MA", "shareContact", true));
        HttpJson.Answer report = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(row)));
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        return report.json().get("attendees").get(0).get("attendeeId").asString();
    }

    private HttpJson.Answer search(String exhibitor, String query) {
        return staff(exhibitor, staffId).post(path(exhibitor), HttpJson.json(Map.of("query", query)));
    }

    private static String path(String exhibitor) {
        return "/api/exhibitors/" + exhibitor + "/directory/search";
    }

    private static List<String> ids(HttpJson.Answer answer) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().get("results").forEach(result -> ids.add(result.get("attendeeId").asString()));
        return ids;
    }

    @Test
    void finds_visitors_by_name_company_or_registration_number_whatever_the_case_and_accents() {
        String exhibitor = exhibitorWithOwnStaff();
        String elodie = importVisitor("SR-100", "Élodie", "Durand-Lévêque", "Société Générale Maroc");
        String karim = importVisitor("SR-101", "Karim", "Benjelloun", "Atlas Énergie");
        String other = openEdition();
        organizer.post("/api/editions/" + other + "/attendees/import", HttpJson.json(List.of(Map.of("registrationId", "SR-102",
                "firstName", "Elodie", "lastName", "Durand", "company", "Societe Ailleurs", "shareContact", true))));

        assertThat(ids(search(exhibitor, "elod"))).as("first name prefix, accent aside; not the other edition's Elodie")
                .containsExactly(elodie);
        assertThat(ids(search(exhibitor, "LEVEQ"))).as("a word of a hyphenated last name").containsExactly(elodie);
        assertThat(ids(search(exhibitor, "société gén"))).as("company prefix").containsExactly(elodie);
        assertThat(ids(search(exhibitor, "atlas ener"))).containsExactly(karim);
        assertThat(ids(search(exhibitor, "karim benj"))).as("full name").containsExactly(karim);
        assertThat(ids(search(exhibitor, "SR-101"))).as("registration number, exactly").containsExactly(karim);
        assertThat(ids(search(exhibitor, "SR-10"))).as("no prefix of a registration number").isEmpty();
        assertThat(ids(search(exhibitor, "lod"))).as("a prefix, not any substring").isEmpty();
        assertThat(ids(search(exhibitor, "a.*b"))).as("a regular expression is text").isEmpty();

        JsonNode found = search(exhibitor, "karim").json().get("results").get(0);
        assertThat(found.get("lastName").asString()).isEqualTo("Benjelloun");
        assertThat(found.get("company").asString()).isEqualTo("Atlas Énergie");
        assertThat(found.get("registrationId").asString()).isEqualTo("SR-101");
        assertThat(found.has("email")).as("never contact data in a search").isFalse();
        assertThat(found.has("phone")).isFalse();
    }

    @Test
    void answers_at_most_ten_and_only_what_the_organizer_lets_exhibitors_see() {
        String exhibitor = exhibitorWithOwnStaff();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(Map.of("registrationId", "TX-" + i, "firstName", "Visitor" + i, "lastName", "Tazi", "company", "Tanger Med",
                    "shareContact", true));
        }
        assertThat(organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(rows)).status()).isEqualTo(200);
        assertThat(ids(search(exhibitor, "tazi"))).hasSize(10);

        HttpJson.Answer chosen = organizer.put("/api/editions/" + edition + "/attendee-visibility",
                "{\"visibleFields\": [\"firstName\", \"lastName\"]}");
        assertThat(chosen.status()).as(chosen.text()).isEqualTo(200);
        assertThat(ids(search(exhibitor, "tanger"))).as("a hidden company is not searched either").isEmpty();
        JsonNode found = search(exhibitor, "visitor1").json().get("results");
        assertThat(found).isNotEmpty();
        found.forEach(result -> {
            assertThat(result.get("lastName").asString()).isEqualTo("Tazi");
            assertThat(result.get("company").isNull()).as("hidden by the organizer").isTrue();
            assertThat(result.get("jobTitle").isNull()).isTrue();
        });
    }

    @Test
    void erased_visitors_are_never_found() {
        String exhibitor = exhibitorWithOwnStaff();
        String visitor = importVisitor("ER-500", "Zineb", "Ouazzani", "Maroc Telecom");
        assertThat(ids(search(exhibitor, "ouazzani"))).containsExactly(visitor);

        assertThat(organizer.post("/api/attendees/" + visitor + "/erasure", "{}").status()).isEqualTo(202);

        await().atMost(WAIT).until(() -> ids(search(exhibitor, "ouazzani")).isEmpty());
        assertThat(ids(search(exhibitor, "ER-500"))).isEmpty();
        Document stub = mongo.getCollection("attendees").find(new Document("_id", visitor)).first();
        assertThat(stub.getList("searchKeys", String.class)).as("the stub keeps no search keys").isEmpty();
    }

    @Test
    void each_account_is_throttled_and_every_search_is_audited_without_the_query() {
        String exhibitor = exhibitorWithOwnStaff();
        importVisitor("TH-1", "Hamza", "Lahlou", "Royal Air Maroc");
        for (int i = 0; i < 30; i++) {
            assertThat(search(exhibitor, "lahlou").status()).isEqualTo(200);
        }
        HttpJson.Answer refused = search(exhibitor, "lahlou");
        assertThat(refused.status()).as(refused.text()).isEqualTo(429);
        assertThat(refused.field("reason")).isEqualTo("TOO_MANY_SEARCHES");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(device(exhibitor, "device-1").post(path(exhibitor), HttpJson.json(Map.of("query", "lahlou"))).status())
                .as("another account of the booth has its own count").isEqualTo(200);

        HttpJson.Answer audit = organizer.get("/api/editions/" + edition + "/audit?kind=DIRECTORY_SEARCH");
        assertThat(audit.status()).as(audit.text()).isEqualTo(200);
        JsonNode entries = audit.json().get("items");
        assertThat(entries).hasSize(2);
        JsonNode staffEntry = entries.get(0).get("account").asString().equals(staffId) ? entries.get(0) : entries.get(1);
        assertThat(staffEntry.get("account").asString()).isEqualTo(staffId);
        assertThat(staffEntry.get("role").asString()).isEqualTo("STAFF");
        assertThat(staffEntry.get("exhibitorId").asString()).isEqualTo(exhibitor);
        assertThat(staffEntry.get("reads").asInt()).as("one entry per reader and hour; the refused search not counted").isEqualTo(30);
        assertThat(staffEntry.get("visitors").asInt()).isEqualTo(30);
        assertThat(audit.text()).doesNotContain("lahlou", "Lahlou");
    }

    @Test
    void only_the_exhibitors_seated_staff_and_devices_search_and_bad_queries_are_problems() {
        String exhibitor = exhibitorWithOwnStaff();
        String rival = approvedExhibitor();
        importVisitor("AU-1", "Meryem", "Kettani", "OCP");
        String body = HttpJson.json(Map.of("query", "kettani"));

        assertThat(device(exhibitor, "device-1").post(path(exhibitor), body).status()).isEqualTo(200);
        assertThat(http.post(path(exhibitor), body).status()).isEqualTo(401);
        assertThat(admin(exhibitor).post(path(exhibitor), body).status()).as("the admin does not scan").isEqualTo(403);
        assertThat(organizer.post(path(exhibitor), body).status()).isEqualTo(403);
        assertThat(staff(rival, "amine").post(path(exhibitor), body).status()).as("another exhibitor's staff").isEqualTo(404);
        HttpJson.Answer revoked = staff(exhibitor, "amine").post(path(exhibitor), body);
        assertThat(revoked.status()).isEqualTo(403);
        assertThat(revoked.field("reason")).isEqualTo("STAFF_REVOKED");
        assertThat(http.bearer(TestTokens.get().staff(exhibitor, staffId)).post("/api/exhibitors/not-an-id/directory/search", body)
                .status()).isEqualTo(400);
        assertThat(http.bearer(TestTokens.get().staff(exhibitor, staffId)).get(path(exhibitor)).status())
                .as("never a GET: the name would be in the URL").isIn(403, 405);

        String pending = exhibitorInState(ExhibitorStatus.SUBMITTED);
        HttpJson.Answer notApproved = staff(pending, "amine").post(path(pending), body);
        assertThat(notApproved.status()).isEqualTo(422);
        assertThat(notApproved.field("reason")).isEqualTo("EXHIBITOR_NOT_APPROVED");

        for (String query : List.of("ke", "  k é ", "")) {
            HttpJson.Answer tooShort = search(exhibitor, query);
            assertThat(tooShort.status()).as(query).isEqualTo(400);
            assertThat(tooShort.field("reason")).isEqualTo("QUERY_TOO_SHORT");
        }
        HttpJson.Answer tooLong = search(exhibitor, "k".repeat(101));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.field("reason")).isEqualTo("QUERY_TOO_LONG");
        assertThat(staff(exhibitor, staffId).post(path(exhibitor), "{}").field("reason")).isEqualTo("QUERY_TOO_SHORT");
        assertThat(staff(exhibitor, staffId).post(path(exhibitor), "{\"query\": ").status()).isEqualTo(400);
        HttpJson.Answer audit = organizer.get("/api/editions/" + edition + "/audit?kind=DIRECTORY_SEARCH");
        assertThat(audit.json().get("items")).as("only the device's search counted; refused ones count nothing")
                .extracting(entry -> entry.get("account").asString()).containsExactly("device-1");
    }
}
