package io.expoleads.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import org.assertj.core.api.SoftAssertions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every endpoint lead-service describes, called without a token and with another exhibitor's
 * tokens (its admin and its staff). The list below must name every operation of the OpenAPI
 * description, so a new endpoint fails this test until someone decides who may call it.
 */
class AuthorizationMatrixIT extends LeadServiceIT {

    /**
     * VISITOR: open to the web, but answering only to a visitor's session (its own header), never to a staff or organizer token.
     * OWN_PHONE: a scanner's report on the phone it runs on, kept under the caller's own exhibitor whatever phone id it names.
     * OWN_SCANNER: the exhibitor's own staff and devices only (a booth's directory search), not its admin.
     */
    enum Access { PUBLIC, SIGNED_IN, ORGANIZER, SCANNER, OWN_EXHIBITOR, OWN_SCANNER, VISITOR, OWN_PHONE }

    record Operation(String method, String path, Access access, String body) {
        String key() {
            return method + " " + path;
        }
    }

    private static final List<Operation> OPERATIONS = List.of(
            new Operation("GET", "/api/editions/{editionId}/badge-keys", Access.PUBLIC, null),
            new Operation("POST", "/api/editions/{editionId}/badge-keys/rotate", Access.ORGANIZER, null),
            new Operation("POST", "/api/editions/{editionId}/attendees/import", Access.ORGANIZER,
                    "[{\"registrationId\":\"SPY-1\",\"lastName\":\"Spy\"}]"),
            new Operation("GET", "/api/editions/{editionId}/attendees", Access.ORGANIZER, null),
            new Operation("GET", "/api/editions/{editionId}/attendee-visibility", Access.SIGNED_IN, null),
            new Operation("PUT", "/api/editions/{editionId}/attendee-visibility", Access.ORGANIZER,
                    "{\"visibleFields\":[\"firstName\",\"lastName\",\"company\",\"jobTitle\",\"email\",\"phone\",\"country\"]}"),
            new Operation("GET", "/api/attendees/{attendeeId}", Access.ORGANIZER, null),
            new Operation("GET", "/api/attendees/{attendeeId}/badge", Access.ORGANIZER, null),
            new Operation("POST", "/api/attendees/{attendeeId}/badge/revoke", Access.ORGANIZER, null),
            new Operation("POST", "/api/attendees/{attendeeId}/erasure", Access.ORGANIZER, "{}"),
            new Operation("GET", "/api/attendees/{attendeeId}/erasure", Access.ORGANIZER, null),
            new Operation("GET", "/api/erasures/{erasureId}", Access.ORGANIZER, null),
            new Operation("POST", "/api/attendees/{attendeeId}/consent-withdrawals", Access.ORGANIZER, "{}"),
            new Operation("POST", "/api/scans", Access.SCANNER, null),
            new Operation("POST", "/api/scans/batch", Access.SCANNER, null),
            new Operation("POST", "/api/exhibitors/{exhibitorId}/directory/search", Access.OWN_SCANNER, "{\"query\":\"imane\"}"),
            new Operation("GET", "/api/leads/{leadId}", Access.OWN_EXHIBITOR, null),
            new Operation("PATCH", "/api/leads/{leadId}", Access.OWN_EXHIBITOR, "{\"rating\":1,\"note\":\"spied\",\"tags\":[]}"),
            new Operation("GET", "/api/exhibitors/{exhibitorId}/leads", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/exhibitors/{exhibitorId}/stats", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/exhibitors/{exhibitorId}/badge-keys", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/exhibitors/{exhibitorId}/leads/events", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/exhibitors/{exhibitorId}/leads/export", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/exhibitors/{exhibitorId}/leads/exports", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/editions/{editionId}/lead-exports", Access.ORGANIZER, null),
            new Operation("GET", "/api/editions/{editionId}/audit", Access.ORGANIZER, null),
            new Operation("PUT", "/api/scanners/{phoneId}/state", Access.OWN_PHONE, "{\"unsent\":0,\"appVersion\":\"spy\"}"),
            new Operation("GET", "/api/exhibitors/{exhibitorId}/scanners", Access.OWN_EXHIBITOR, null),
            new Operation("GET", "/api/editions/{editionId}/unsent-scans", Access.ORGANIZER, null),
            new Operation("GET", "/api/editions/{editionId}/audit.csv", Access.ORGANIZER, null),
            new Operation("POST", "/api/privacy/links", Access.PUBLIC, null),
            new Operation("POST", "/api/privacy/sessions", Access.PUBLIC, null),
            new Operation("DELETE", "/api/privacy/session", Access.VISITOR, null),
            new Operation("GET", "/api/privacy/visitor", Access.VISITOR, null),
            new Operation("POST", "/api/privacy/visitor/consent-withdrawals", Access.VISITOR, "{}"),
            new Operation("POST", "/api/privacy/visitor/erasure", Access.VISITOR, "{}"));

    @Autowired
    LeadStore leads;

    @Test
    void every_described_operation_has_its_access_decided() {
        Set<String> described = new HashSet<>();
        http.get("/v3/api-docs").json().get("paths").properties().forEach(path ->
                path.getValue().properties().forEach(method -> described.add(method.getKey().toUpperCase() + " " + path.getKey())));
        Set<String> decided = new HashSet<>();
        OPERATIONS.forEach(operation -> decided.add(operation.key()));
        assertThat(decided).containsExactlyInAnyOrderElementsOf(described);
    }

    @Test
    void without_a_token_401_and_with_another_exhibitors_tokens_nothing_is_seen_or_changed() {
        String atlas = approvedExhibitor();
        String rival = approvedExhibitor();
        String visitor = importAttendee("I-1", "Imane", true);
        String badge = badgeOf(visitor);
        String scanId = UUID.randomUUID().toString();
        assertThat(scan(atlas, "amine", scanId, badge).status()).isEqualTo(202);
        String leadId = Lead.idOf(atlas, visitor);
        // The scan's 202 means Kafka holds it; its lead is made a moment later, from the topic.
        await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());
        assertThat(staff(atlas, "amine").patch("/api/leads/" + leadId, "{\"rating\":5,\"note\":\"Atlas's own note\"}").status())
                .isEqualTo(200);
        long revision = leads.find(leadId).orElseThrow().revision();
        String atlasPhone = UUID.randomUUID().toString();
        assertThat(staff(atlas, "amine").put("/api/scanners/" + atlasPhone + "/state",
                "{\"unsent\":2,\"oldestUnsentAt\":\"" + Instant.now() + "\",\"appVersion\":\"atlas\"}").status()).isEqualTo(200);

        SoftAssertions softly = new SoftAssertions();
        for (Operation operation : OPERATIONS) {
            if (operation.access() == Access.PUBLIC) {
                continue;
            }
            String path = operation.path().replace("{exhibitorId}", atlas).replace("{editionId}", edition)
                    .replace("{attendeeId}", visitor).replace("{leadId}", leadId)
                    .replace("{erasureId}", UUID.randomUUID().toString()).replace("{phoneId}", atlasPhone);
            String body = operation.access() == Access.SCANNER ? scanBody(operation, scanId, badge) : operation.body();
            softly.assertThat(call(http, operation, path, body).status()).as("%s without a token", operation.key()).isEqualTo(401);
            for (HttpJson foreign : List.of(admin(rival), staff(rival, "amine"))) {
                HttpJson.Answer answer = call(foreign, operation, path, body);
                switch (operation.access()) {
                    case SIGNED_IN -> softly.assertThat(answer.status()).as("%s", operation.key()).isEqualTo(200);
                    // The rival's staff reports into the rival's own document; its admin does not scan.
                    case OWN_PHONE -> softly.assertThat(answer.status()).as("%s", operation.key()).isIn(200, 403);
                    case VISITOR -> {
                        softly.assertThat(answer.status()).as("%s: a token is no visitor session", operation.key()).isEqualTo(401);
                        softly.assertThat(answer.text()).as("%s", operation.key()).doesNotContain("Imane");
                    }
                    case SCANNER -> {
                        // Scanning the same visitor, with the same scan id, makes the rival's own lead and shows nothing of Atlas's.
                        softly.assertThat(answer.text()).as("%s", operation.key()).doesNotContain(leadId).doesNotContain("Atlas's own note");
                        softly.assertThat(answer.status()).as("%s", operation.key()).isIn(202, 403);
                        if (answer.status() == 202) {
                            softly.assertThat(answer.text()).as("%s: the rival's own scan, taken or resent", operation.key()).containsAnyOf("ACCEPTED", "DUPLICATE");
                        }
                    }
                    default -> {
                        softly.assertThat(answer.status()).as("%s with another exhibitor's token", operation.key()).isIn(403, 404);
                        softly.assertThat(answer.text()).as("%s", operation.key()).doesNotContain("Imane");
                    }
                }
            }
        }
        softly.assertAll();
        Lead lead = leads.find(leadId).orElseThrow();
        assertThat(lead.revision()).as("nothing the rival tried changed Atlas's lead").isEqualTo(revision);
        assertThat(lead.rating()).isEqualTo(5);
        assertThat(lead.notes()).extracting(note -> note.text()).containsExactly("Atlas's own note");
        JsonNode atlasPhones = admin(atlas).get("/api/exhibitors/" + atlas + "/scanners").json();
        assertThat(atlasPhones).as("the rival's report changed nothing of Atlas's phone").hasSize(1);
        assertThat(atlasPhones.get(0).get("appVersion").asString()).isEqualTo("atlas");
        assertThat(atlasPhones.get(0).get("unsent").asLong()).isEqualTo(2);
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(rival, visitor)).isPresent());
        assertThat(admin(rival).get("/api/exhibitors/" + rival + "/leads").json().get("items").get(0).get("notes").size())
                .as("the rival's lead on the same visitor is its own").isZero();
    }

    /**
     * Each path naming another service's aggregate (an edition of exhibitor-service, an exhibitor),
     * called as one allowed to call it: an id never heard of on the topics answers 404 with its
     * reason, once the short wait for one just created is over, and a malformed id 400; neither
     * leaves anything behind in any collection.
     */
    @Test
    void paths_namingItan_edition_or_exhibitor_refuse_one_never_heard_of_and_a_malformed_one_changing_nothing() throws Exception {
        String unknownEdition = UUID.randomUUID().toString();
        // Its accounts' tokens are real (exhibitor-service signs them), but lead capture never heard of it.
        String unknownExhibitor = UUID.randomUUID().toString();
        String malformed = "not-a-uuid";
        List<Operation> naming = OPERATIONS.stream()
                .filter(operation -> operation.path().contains("{editionId}") || operation.path().contains("{exhibitorId}")).toList();
        assertThat(naming).as("the paths this test covers").hasSize(18);

        record Case(Operation operation, String path, String reason, int status) {
        }
        List<Case> cases = new ArrayList<>();
        for (Operation operation : naming) {
            boolean edition = operation.path().contains("{editionId}");
            cases.add(new Case(operation, operation.path().replace("{editionId}", unknownEdition).replace("{exhibitorId}", unknownExhibitor),
                    edition ? "UNKNOWN_EDITION" : "UNKNOWN_EXHIBITOR", 404));
            cases.add(new Case(operation, operation.path().replace("{editionId}", malformed).replace("{exhibitorId}", malformed),
                    "MALFORMED_ID", 400));
        }
        ExecutorService pool = Executors.newFixedThreadPool(cases.size());
        try {
            // Side by side: each unknown id is waited for a moment before its 404.
            List<Future<HttpJson.Answer>> answers = new ArrayList<>();
            for (Case tried : cases) {
                String exhibitorOfCaller = tried.path().contains(malformed) ? malformed : unknownExhibitor;
                HttpJson caller = switch (tried.operation().access()) {
                    case OWN_EXHIBITOR -> admin(exhibitorOfCaller);
                    case OWN_SCANNER -> staff(exhibitorOfCaller, "amine");
                    default -> organizer;
                };
                answers.add(pool.submit(() -> call(caller, tried.operation(), tried.path(), tried.operation().body())));
            }
            HttpJson.Answer csv = organizer.postText("/api/editions/" + unknownEdition + "/attendees/import", "text/csv",
                    "registrationId,lastName\nSPY-2,Spy\n");
            assertThat(csv.status()).as("a CSV import").isEqualTo(404);
            assertThat(csv.field("reason")).isEqualTo("UNKNOWN_EDITION");
            SoftAssertions softly = new SoftAssertions();
            for (int index = 0; index < cases.size(); index++) {
                Case tried = cases.get(index);
                HttpJson.Answer answer = answers.get(index).get(1, TimeUnit.MINUTES);
                softly.assertThat(answer.status()).as("%s %s: %s", tried.operation().method(), tried.path(), answer.text())
                        .isEqualTo(tried.status());
                softly.assertThat(answer.contentType()).as("%s %s", tried.operation().method(), tried.path())
                        .startsWith("application/problem+json");
                if (answer.contentType().startsWith("application/problem+json")) {
                    softly.assertThat(answer.field("reason")).as("%s %s", tried.operation().method(), tried.path()).isEqualTo(tried.reason());
                }
            }
            softly.assertAll();
        } finally {
            pool.shutdownNow();
        }
        for (String id : List.of(unknownEdition, unknownExhibitor, malformed)) {
            Document namingIt = new Document("$or", List.of(new Document("_id", id), new Document("editionId", id),
                    new Document("exhibitorId", id)));
            for (String collection : mongo.getCollectionNames()) {
                assertThat(mongo.getCollection(collection).countDocuments(namingIt)).as("%s in %s", id, collection).isZero();
            }
        }
    }

    @Test
    void tokens_that_are_expired_for_another_audience_or_altered_are_refused() {
        String atlas = approvedExhibitor();
        String rival = approvedExhibitor();
        String path = "/api/exhibitors/" + atlas + "/leads";
        assertThat(organizer.get(path).status()).as("leads are the exhibitor's, not the organizer's").isEqualTo(403);
        String expired = TestTokens.get().sign(TestTokens.get().claims("amine", List.of("STAFF")).claim("exhibitorId", atlas)
                .expirationTime(Date.from(Instant.now().minusSeconds(60))).build());
        assertThat(http.bearer(expired).get(path).status()).isEqualTo(401);
        String otherAudience = TestTokens.get().sign(TestTokens.get().claims("amine", List.of("STAFF")).claim("exhibitorId", atlas)
                .audience("another-app").build());
        assertThat(http.bearer(otherAudience).get(path).status()).isEqualTo(401);
        String[] parts = TestTokens.get().staff(rival, "amine").split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"amine\",\"roles\":[\"EXHIBITOR_ADMIN\"],\"exhibitorId\":\"" + atlas + "\"}").getBytes()) + "." + parts[2];
        assertThat(http.bearer(forged).get(path).status()).as("claims changed under the signature").isEqualTo(401);
        assertThat(organizer.post("/api/scans", "{}").status()).as("the organizer does not scan").isEqualTo(403);
        HttpJson.Answer revoked = staff(atlas, "karim").get(path);
        assertThat(revoked.status()).as("a staff member without a seat, token still valid").isEqualTo(403);
        assertThat(revoked.field("reason")).isEqualTo("STAFF_REVOKED");
        assertThat(device(atlas, "device-9").get("/api/exhibitors/" + atlas + "/stats").status()).isEqualTo(403);
        assertThat(staff(atlas, "amine").get(path).status()).isEqualTo(200);
        assertThat(admin(atlas).post("/api/scans", "{}").status()).as("nor does an admin account").isEqualTo(403);
    }

    private static String scanBody(Operation operation, String scanId, String badge) {
        Map<String, Object> scan = Map.of("scanId", scanId, "badge", badge, "scannedAt", Instant.now().toString());
        return operation.path().endsWith("/batch") ? HttpJson.json(Map.of("scans", List.of(scan))) : HttpJson.json(scan);
    }

    private static HttpJson.Answer call(HttpJson client, Operation operation, String path, String body) {
        String sent = body == null ? "{}" : body;
        return switch (operation.method()) {
            case "GET" -> client.get(path);
            case "DELETE" -> client.delete(path);
            case "PUT" -> client.put(path, sent);
            case "PATCH" -> client.patch(path, sent);
            default -> client.post(path, sent);
        };
    }
}
