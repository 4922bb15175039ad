package io.expoleads.lead.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expoleads.events.LeadSource;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.attendee.WalkInVisitor;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.privacy.VisitorKeys;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import io.expoleads.testsupport.TopicReader;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A lead taken on a visitor with no registration ({@code walkIn} instead of {@code badge}), through
 * the real store and broker: with the visitor's consent it becomes a visitor record of this exhibitor
 * only and a WALK_IN lead (on {@code expo.scans.v1}, the lead, its view and its export), never on
 * {@code expo.attendees.v1} nor found by other booths; without consent or with bad details it is
 * refused and nothing is kept; sent again it is the same lead; and the visitor finds it on their
 * privacy page by email, where erasing themselves reaches the lead and destroys their key.
 */
class WalkInLeadIT extends LeadServiceIT {

    private static final Pattern CODE = Pattern.compile("/privacy/\\?lang=(\\w+)#code=([A-Za-z0-9_-]{43})");
    private final HttpClient client = HttpClient.newHttpClient();

    @Autowired
    LeadStore leads;
    @Autowired
    AttendeeDirectory directory;

    TopicReader reader;

    @BeforeEach
    void read() {
        reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.SCANS, Topics.ATTENDEES, Topics.LEADS,
                Topics.VISITOR_KEYS);
    }

    @AfterEach
    void close() {
        reader.close();
    }

    private static Map<String, Object> walkIn(String firstName, String email, Map<String, Object> consent) {
        Map<String, Object> visitor = new LinkedHashMap<>();
        visitor.put("firstName", firstName);
        visitor.put("lastName", "Tazi");
        visitor.put("company", "Atlas Logistique");
        visitor.put("email", email);
        visitor.put("phone", "+212 6 61 23 45 67");
        if (consent != null) {
            visitor.put("consent", consent);
        }
        return visitor;
    }

    private static Map<String, Object> agreed() {
        return Map.of("agreedAt", Instant.now().minusSeconds(30).toString(), "textVersion", "2026.12/fr");
    }

    private static Map<String, Object> scanOf(String scanId, Map<String, Object> walkIn) {
        return Map.of("scanId", scanId, "walkIn", walkIn, "scannedAt", Instant.now().toString());
    }

    private static String emailOf(String name) {
        return name.toLowerCase() + "." + UUID.randomUUID() + "@walk-in.example";
    }

    @Test
    void a_walk_in_with_consent_becomes_a_lead_flagged_walk_in_shown_to_this_exhibitor_only_and_sent_again_changes_nothing() {
        String exhibitor = approvedExhibitor();
        String neighbour = approvedExhibitor();
        String email = emailOf("Nadia");
        String scanId = UUID.randomUUID().toString();
        Map<String, Object> request = new LinkedHashMap<>(scanOf(scanId, walkIn("Nadia", email.toUpperCase(), agreed())));
        request.put("rating", 5);

        HttpJson.Answer taken = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(request));

        assertThat(taken.status()).as(taken.text()).isEqualTo(202);
        assertThat(taken.field("status")).isEqualTo("ACCEPTED");
        assertThat(taken.json().get("attendee").get("firstName").asString()).isEqualTo("Nadia");
        assertThat(taken.json().get("attendee").get("email").asString()).as("kept in lower case").isEqualTo(email);
        String visitor = WalkInVisitor.attendeeId(exhibitor, scanId);
        String leadId = Lead.idOf(exhibitor, visitor);
        assertThat(taken.field("leadId")).isEqualTo(leadId);

        // On the scans topic: WALK_IN, nothing of the visitor in clear.
        String record = reader.await(value -> value.topic().equals(Topics.SCANS) && value.value().contains(scanId), WAIT).value();
        assertThat(record).doesNotContain("Nadia", email, "Atlas Logistique", "61 23 45");
        ScanAccepted onTopic = openedScan(record).orElseThrow();
        assertThat(onTopic.source()).isEqualTo(LeadSource.WALK_IN);
        assertThat(onTopic.attendeeId()).isEqualTo(visitor);

        // The visitor record: the consent kept, contact shared with this exhibitor only, no search keys.
        Attendee kept = directory.find(visitor).orElseThrow();
        assertThat(kept.walkIn().exhibitorId()).isEqualTo(exhibitor);
        assertThat(kept.walkIn().consentText()).isEqualTo("2026.12/fr");
        assertThat(kept.registrationId()).isNull();
        assertThat(kept.searchKeys()).isEmpty();
        assertThat(kept.outbox()).as("nothing for expo.attendees.v1").isEmpty();

        // The lead, its view, the list and the export say WALK_IN, with the contact the visitor agreed to share.
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.source()).isEqualTo(LeadSource.WALK_IN);
        assertThat(lead.rating()).isEqualTo(5);
        HttpJson.Answer detail = staff(exhibitor, "amine").get("/api/leads/" + leadId);
        assertThat(detail.field("source")).isEqualTo("WALK_IN");
        assertThat(detail.json().get("attendee").get("email").asString()).isEqualTo(email);
        assertThat(detail.json().get("attendee").get("phone").asString()).isEqualTo("+212 6 61 23 45 67");
        assertThat(detail.json().get("scans").get(0).get("source").asString()).isEqualTo("WALK_IN");
        JsonNode listed = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads").json().get("items").get(0);
        assertThat(listed.get("source").asString()).isEqualTo("WALK_IN");
        HttpJson.Answer csv = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/export?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.text().lines().toList().get(1)).contains("Nadia", email, "WALK_IN");
        String leadEvent = reader.await(value -> value.topic().equals(Topics.LEADS) && value.value().contains(leadId), WAIT).value();
        assertThat(leadEvent).as("sealed under the walk-in's own key").doesNotContain("Nadia", email);
        assertThat(openedLead(leadEvent).orElseThrow().attendee().email()).isEqualTo(email);

        // Sent again, alone or in an offline queue: the same scan, the same visitor, one lead.
        HttpJson.Answer again = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(request));
        assertThat(again.status()).as(again.text()).isEqualTo(202);
        assertThat(again.field("status")).isEqualTo("DUPLICATE");
        assertThat(again.field("leadId")).isEqualTo(leadId);
        HttpJson.Answer queued = device(exhibitor, "device-1").post("/api/scans/batch", HttpJson.json(Map.of("scans",
                List.of(scanOf(scanId, walkIn("Nadia", email, agreed()))))));
        assertThat(queued.json().get("results").get(0).get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("email").is(email)), "attendees")).isEqualTo(1);
        await().atMost(WAIT).until(() -> reader.all(value -> value.topic().equals(Topics.SCANS) && value.value().contains(scanId))
                .size() == 1);
        assertThat(leads.find(leadId).orElseThrow().scanCount()).isEqualTo(1);

        // Nobody else reaches them: not this booth's own directory search, not another booth's lookup.
        HttpJson.Answer search = staff(exhibitor, "amine").post("/api/exhibitors/" + exhibitor + "/directory/search",
                HttpJson.json(Map.of("query", "Nadia Tazi")));
        assertThat(search.status()).as(search.text()).isEqualTo(200);
        assertThat(search.json().get("results")).isEmpty();
        HttpJson.Answer lookedUp = staff(neighbour, "salma").post("/api/scans", HttpJson.json(Map.of("scanId",
                UUID.randomUUID().toString(), "lookup", Map.of("attendeeId", visitor), "scannedAt", Instant.now().toString())));
        assertThat(lookedUp.status()).isEqualTo(422);
        assertThat(lookedUp.field("reason")).isEqualTo("UNKNOWN_ATTENDEE");
        assertThat(leads.find(Lead.idOf(neighbour, visitor))).isEmpty();
        assertThat(organizer.get("/api/attendees/" + visitor).status()).as("not the organizer's registration").isEqualTo(404);
        assertThat(organizer.get("/api/attendees/" + visitor + "/badge?format=json").status()).as("no badge").isEqualTo(404);
        assertThat(organizer.get("/api/editions/" + edition + "/attendees").text()).doesNotContain(visitor);
        assertThat(directory.livingIds(edition, 10_000)).as("retention erases walk-ins with the edition's visitors")
                .contains(visitor);
    }

    @Test
    void the_organizers_visible_fields_apply_to_what_the_exhibitor_sees_of_a_walk_in() {
        String exhibitor = approvedExhibitor();
        String email = emailOf("Karim");
        String scanId = UUID.randomUUID().toString();
        assertThat(staff(exhibitor, "amine").post("/api/scans", HttpJson.json(scanOf(scanId, walkIn("Karim", email, agreed()))))
                .status()).isEqualTo(202);
        String leadId = Lead.idOf(exhibitor, WalkInVisitor.attendeeId(exhibitor, scanId));
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());

        HttpJson.Answer narrowed = organizer.put("/api/editions/" + edition + "/attendee-visibility",
                HttpJson.json(Map.of("visibleFields", List.of("firstName", "company"))));
        assertThat(narrowed.status()).as(narrowed.text()).isEqualTo(200);

        HttpJson.Answer detail = admin(exhibitor).get("/api/leads/" + leadId);
        assertThat(detail.json().get("attendee").get("firstName").asString()).isEqualTo("Karim");
        assertThat(detail.text()).doesNotContain(email, "Tazi", "61 23 45");
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/leads/export?format=csv").text())
                .contains("Karim", "WALK_IN").doesNotContain(email);
        String taken = UUID.randomUUID().toString();
        HttpJson.Answer receipt = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(scanOf(taken,
                walkIn("Yasmine", emailOf("Yasmine"), agreed()))));
        assertThat(receipt.json().get("attendee").has("email") && !receipt.json().get("attendee").get("email").isNull())
                .as("the receipt shows what the exhibitor may see").isFalse();
    }

    @Test
    void a_walk_in_without_consent_or_with_bad_details_is_refused_with_its_reason_and_nothing_is_kept() {
        String exhibitor = approvedExhibitor();
        String email = emailOf("Hind");
        record Refusal(Map<String, Object> walkIn, String reason, String field) {
        }
        Map<String, Object> tooLong = walkIn("H".repeat(101), email, agreed());
        Map<String, Object> badPhone = walkIn("Hind", email, agreed());
        badPhone.put("phone", "call me");
        List<Refusal> refusals = List.of(
                new Refusal(walkIn("Hind", email, null), "WALK_IN_NO_CONSENT", "walkIn.consent"),
                new Refusal(walkIn("Hind", email, Map.of("agreedAt", Instant.now().toString())), "WALK_IN_NO_CONSENT", "walkIn.consent"),
                new Refusal(walkIn("Hind", "hind-at-nowhere", agreed()), "WALK_IN_BAD_EMAIL", "walkIn.email"),
                new Refusal(badPhone, "WALK_IN_BAD_PHONE", "walkIn.phone"),
                new Refusal(tooLong, "WALK_IN_TOO_LONG", "walkIn.firstName"));
        for (Refusal refusal : refusals) {
            String scanId = UUID.randomUUID().toString();
            HttpJson.Answer refused = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(scanOf(scanId, refusal.walkIn())));

            assertThat(refused.status()).as(refused.text()).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.field("reason")).isEqualTo(refusal.reason());
            assertThat(refused.text()).contains(refusal.field()).as("never the values typed").doesNotContain("hind-at-nowhere",
                    "call me", email);
            assertThat(directory.find(WalkInVisitor.attendeeId(exhibitor, scanId))).as("nothing kept").isEmpty();
        }
        HttpJson.Answer both = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId",
                UUID.randomUUID().toString(), "badge", "whatever", "walkIn", walkIn("Hind", email, agreed()),
                "scannedAt", Instant.now().toString())));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.field("reason")).isEqualTo("BADGE_OR_LOOKUP");

        // In an offline queue, the walk-in without consent is refused alone; the one with it is taken.
        String good = UUID.randomUUID().toString();
        String bad = UUID.randomUUID().toString();
        HttpJson.Answer batch = device(exhibitor, "device-1").post("/api/scans/batch", HttpJson.json(Map.of("scans", List.of(
                scanOf(bad, walkIn("Hind", email, null)), scanOf(good, walkIn("Omar", emailOf("Omar"), agreed()))))));
        assertThat(batch.status()).as(batch.text()).isEqualTo(202);
        JsonNode results = batch.json().get("results");
        assertThat(results.get(0).get("reason").asString()).isEqualTo("WALK_IN_NO_CONSENT");
        assertThat(results.get(1).get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(directory.find(WalkInVisitor.attendeeId(exhibitor, bad))).isEmpty();
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, WalkInVisitor.attendeeId(exhibitor, good))).isPresent());
        assertThat(leads.find(Lead.idOf(exhibitor, WalkInVisitor.attendeeId(exhibitor, good))).orElseThrow().source())
                .isEqualTo(LeadSource.WALK_IN);
        assertThat(mongo.count(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("email").is(email)), "attendees")).isZero();
    }

    @Test
    void the_walk_in_finds_the_lead_on_their_privacy_page_by_email_and_erasing_themselves_reaches_it() {
        String exhibitor = approvedExhibitor();
        String email = emailOf("Sara");
        String scanId = UUID.randomUUID().toString();
        Map<String, Object> request = new LinkedHashMap<>(scanOf(scanId, walkIn("Sara", email, agreed())));
        request.put("note", "Wants the cold-chain tracking demo");
        assertThat(staff(exhibitor, "amine").post("/api/scans", HttpJson.json(request)).status()).isEqualTo(202);
        String visitor = WalkInVisitor.attendeeId(exhibitor, scanId);
        String leadId = Lead.idOf(exhibitor, visitor);
        await().atMost(WAIT).until(() -> leads.find(leadId).map(lead -> !lead.notes().isEmpty()).orElse(false));

        // The visitor asks their link with the address typed their own way, and sees this exhibitor holding them.
        String session = session(linkCode(email.toUpperCase()));
        HttpJson.Answer page = send("GET", "/api/privacy/visitor", null, session);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        JsonNode given = page.json().get("registrations").get(0);
        assertThat(given.get("attendeeId").asString()).isEqualTo(visitor);
        assertThat(given.get("fields").get("email").asString()).isEqualTo(email);
        assertThat(given.get("walkIn").get("exhibitorId").asString()).as("where they gave their details").isEqualTo(exhibitor);
        assertThat(given.get("walkIn").get("consentText").asString()).isEqualTo("2026.12/fr");
        assertThat(given.get("walkIn").get("agreedAt").asString()).isNotBlank();
        JsonNode holder = page.json().get("exhibitors").get(0);
        assertThat(holder.get("exhibitorId").asString()).isEqualTo(exhibitor);
        assertThat(holder.get("contactShared").asBoolean()).isTrue();

        HttpJson.Answer erased = send("POST", "/api/privacy/visitor/erasure", "{}", session);
        assertThat(erased.status()).as(erased.text()).isEqualTo(202);

        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.erased()).isTrue();
        assertThat(lead.source()).as("counts and how it was taken stay").isEqualTo(LeadSource.WALK_IN);
        assertThat(lead.notes()).isEmpty();
        Document stored = mongo.findById(leadId, Document.class, LeadStore.COLLECTION);
        stored.remove("outbox");
        assertThat(stored.toJson()).doesNotContain("Sara", email, "Tazi", "Atlas Logistique", "cold-chain");
        Document stub = mongo.findById(visitor, Document.class, "attendees");
        assertThat(stub.getBoolean("erased")).isTrue();
        assertThat(stub.keySet()).doesNotContain("firstName", "lastName", "email", "phone", "company");
        assertThat(mongo.findById(visitor, Document.class, VisitorKeys.COLLECTION)).doesNotContainKey("wrapped");
        // The key's tombstone left the walk-in's outbox: anything for expo.attendees.v1 would have left before it.
        reader.await(value -> value.topic().equals(Topics.VISITOR_KEYS) && visitor.equals(value.key()) && value.value() == null,
                WAIT);
        assertThat(reader.all(value -> value.topic().equals(Topics.ATTENDEES) && visitor.equals(value.key())))
                .as("a walk-in never reaches expo.attendees.v1, not even erased").isEmpty();

        // Sent again from a phone that kept it: the scan is known, and nothing of the visitor comes back.
        HttpJson.Answer resent = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(scanOf(UUID.randomUUID().toString(),
                walkIn("Sara", email, agreed()))));
        assertThat(resent.status()).as("a new walk-in of the same person is a new visitor, with a new consent").isEqualTo(202);
        assertThat(staff(exhibitor, "amine").post("/api/scans", HttpJson.json(request)).field("status"))
                .as("the erased scan itself").isEqualTo("DUPLICATE");
        assertThat(leads.find(leadId).orElseThrow().erased()).isTrue();
    }

    /** Asks a privacy link for the address as the visitor types it, and reads its code from the email that came. */
    private String linkCode(String typed) {
        int before = TestMailServer.messagesTo(typed).size();
        HttpJson.Answer asked = send("POST", "/api/privacy/links", HttpJson.json(Map.of("email", typed, "language", "en")), null);
        assertThat(asked.status()).as(asked.text()).isEqualTo(202);
        await().atMost(WAIT).until(() -> TestMailServer.messagesTo(typed).size() > before);
        MimeMessage sent = TestMailServer.messagesTo(typed).get(before);
        Matcher link = CODE.matcher(TestMailServer.body(sent));
        assertThat(link.find()).isTrue();
        return link.group(2);
    }

    private String session(String code) {
        HttpJson.Answer opened = send("POST", "/api/privacy/sessions", HttpJson.json(Map.of("code", code)), null);
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        return opened.field("session");
    }

    /** A visitor's request, as the web tier sends it (the browser's address in X-Forwarded-For). */
    private HttpJson.Answer send(String method, String path, String body, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "10.8." + (int) (Math.random() * 250) + "." + (1 + (int) (Math.random() * 250)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Visitor-Session", session);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpJson.Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body(), response.headers());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
