package io.expoleads.lead.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.QualificationForm;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.testsupport.TestClock;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A visitor's own page through lead-service's API, the real store, broker and an SMTP server: the
 * one-time link read back from the mail server, its single use and expiry, the throttle, the same
 * answer for an unknown address, the list of exhibitors, withdrawal and erasure by the visitor,
 * and a session that cannot reach another visitor's registration.
 */
class VisitorPageIT extends LeadServiceIT {

    private static final Pattern CODE = Pattern.compile("/privacy/\\?lang=(\\w+)#code=([A-Za-z0-9_-]{43})");
    private final HttpClient client = HttpClient.newHttpClient();

    @Autowired
    LeadStore leads;
    @Autowired
    AttendeeDirectory directory;
    @Autowired
    TestClock clock;
    @Autowired
    VisitorAccess access;
    @Autowired
    VisitorLinkEmails emails;
    @Autowired
    ApplicationContext context;

    @AfterEach
    void clockBack() {
        clock.reset();
    }

    private String visitor(String firstName, String email) {
        HttpJson.Answer report = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", "PV-" + UUID.randomUUID(), "firstName", firstName, "lastName", "Berrada",
                "company", "Casa Energie", "email", email, "phone", "+212644444444", "shareContact", true))));
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        return report.json().get("attendees").get(0).get("attendeeId").asString();
    }

    private String exhibitorNamed(String companyName) {
        return exhibitorNamed(companyName, null);
    }

    private String exhibitorNamed(String companyName, QualificationForm form) {
        String exhibitor = UUID.randomUUID().toString();
        ExhibitorView base = exhibitorView(exhibitor, ExhibitorStatus.APPROVED, 2, form);
        publishExhibitor(new ExhibitorView(base.exhibitorId(), base.editionId(), base.revision(), base.status(), companyName,
                base.country(), base.language(), base.boothCode(), base.seats(), base.salesEmails(), base.activeStaff(),
                base.activeDevices(), base.form(), base.settings(), base.contactEmail(), base.teamNames()));
        await().atMost(WAIT).until(() -> exhibitors.find(exhibitor).map(known -> known.status() == ExhibitorStatus.APPROVED).orElse(false));
        return exhibitor;
    }

    private String scanned(String exhibitor, String attendeeId, String note) {
        HttpJson.Answer taken = staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badgeOf(attendeeId), "scannedAt", Instant.now().toString(), "note", note)));
        assertThat(taken.status()).as(taken.text()).isEqualTo(202);
        String leadId = Lead.idOf(exhibitor, attendeeId);
        await().atMost(WAIT).until(() -> leads.find(leadId).map(lead -> !lead.notes().isEmpty()).orElse(false));
        return leadId;
    }

    /** Sends a request as the web tier does, naming the browser's address in X-Forwarded-For. */
    private HttpJson.Answer send(String method, String path, String body, String clientAddress, String session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", clientAddress)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header(VisitorPageController.SESSION_HEADER, session);
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

    private static String someClient() {
        return "10.9." + (int) (Math.random() * 250) + "." + (1 + (int) (Math.random() * 250));
    }

    private HttpJson.Answer askLink(String email, String language, String clientAddress) {
        return send("POST", "/api/privacy/links", HttpJson.json(Map.of("email", email, "language", language)), clientAddress, null);
    }

    /** Asks a link and reads its code back from the email that came. */
    private String linkCode(String email, String language) {
        int before = TestMailServer.messagesTo(email).size();
        HttpJson.Answer asked = askLink(email, language, someClient());
        assertThat(asked.status()).as(asked.text()).isEqualTo(202);
        await().atMost(WAIT).until(() -> TestMailServer.messagesTo(email).size() > before);
        MimeMessage message = TestMailServer.messagesTo(email).get(before);
        Matcher link = CODE.matcher(TestMailServer.body(message));
        assertThat(link.find()).as(TestMailServer.body(message)).isTrue();
        assertThat(link.group(1)).isEqualTo(language);
        return link.group(2);
    }

    private String session(String code) {
        HttpJson.Answer opened = send("POST", "/api/privacy/sessions", HttpJson.json(Map.of("code", code)), someClient(), null);
        assertThat(opened.status()).as(opened.text()).isEqualTo(201);
        return opened.field("session");
    }

    @Test
    void the_emailed_link_opens_one_session_that_lists_the_exhibitors_withdraws_sharing_and_erases_the_visitor() {
        String atlas = exhibitorNamed("Atlas Mobility", new QualificationForm(1, List.of(
                new QualificationForm.Question("interest", "Main interest", QualificationForm.QuestionType.SINGLE_CHOICE,
                        List.of("buses", "metro"), true),
                new QualificationForm.Question("budget", "Budget known", QualificationForm.QuestionType.YES_NO, null, false))));
        String grid = exhibitorNamed("Casa Smart Grid");
        String email = "nora." + UUID.randomUUID() + "@visitors.example";
        String nora = visitor("Nora", email);
        String atlasLead = scanned(atlas, nora, "Wants the bus depot study");
        String gridLead = scanned(grid, nora, "Meter roll-out in Ain Sebaa");
        HttpJson.Answer qualified = staff(atlas, "amine").patch("/api/leads/" + atlasLead, HttpJson.json(Map.of("rating", 4,
                "formVersion", 1, "answers", Map.of("interest", "buses", "budget", true), "addTags", List.of("fleet"),
                "followUp", true)));
        assertThat(qualified.status()).as(qualified.text()).isEqualTo(200);

        String code = linkCode(email, "en");
        MimeMessage message = TestMailServer.messagesTo(email).get(0);
        assertThat(TestMailServer.subject(message)).contains("Expo Leads");
        assertThat(TestMailServer.body(message)).contains("works once").doesNotContain("?code=");
        assertThat(mongo.getCollection(VisitorAccess.LINKS).find().into(new ArrayList<>()).toString())
                .as("only the code's hash is kept, and no address").doesNotContain(code, email);

        String session = session(code);
        HttpJson.Answer reused = send("POST", "/api/privacy/sessions", HttpJson.json(Map.of("code", code)), someClient(), null);
        assertThat(reused.status()).isEqualTo(410);
        assertThat(reused.field("reason")).isEqualTo("LINK_USED");

        HttpJson.Answer page = send("GET", "/api/privacy/visitor", null, someClient(), session);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.json().get("registrations").get(0).get("fields").get("firstName").asString()).isEqualTo("Nora");
        JsonNode holders = page.json().get("exhibitors");
        assertThat(holders).hasSize(2);
        List<String> companies = new ArrayList<>();
        holders.forEach(holder -> companies.add(holder.get("companyName").asString()));
        assertThat(companies).containsExactlyInAnyOrder("Atlas Mobility", "Casa Smart Grid");
        for (JsonNode holder : holders) {
            assertThat(holder.get("sees").get("email").asString()).isEqualTo(email);
            assertThat(holder.get("contactShared").asBoolean()).isTrue();
            assertThat(holder.get("firstScanAt").isNull()).isFalse();
            assertThat(holder.get("alsoHolds").toString()).contains("notes");
            assertThat(holder.toString()).as("notes come without their authors").doesNotContain("amine", "Amine");
        }
        // Her copy of what each exhibitor's staff recorded about her (GDPR art. 15): notes, answers under
        // their questions, tags, rating, follow-up.
        JsonNode atlasHolds = holderOf(holders, atlas);
        assertThat(atlasHolds.get("notes").get(0).get("text").asString()).isEqualTo("Wants the bus depot study");
        assertThat(atlasHolds.get("notes").get(0).get("writtenAt").isNull()).isFalse();
        assertThat(atlasHolds.get("answers").toString())
                .isEqualTo("[{\"question\":\"Main interest\",\"answer\":\"buses\"},{\"question\":\"Budget known\",\"answer\":true}]");
        assertThat(atlasHolds.get("tags").toString()).isEqualTo("[\"fleet\"]");
        assertThat(atlasHolds.get("rating").asInt()).isEqualTo(4);
        assertThat(atlasHolds.get("followUp").asBoolean()).isTrue();
        JsonNode gridHolds = holderOf(holders, grid);
        assertThat(gridHolds.get("notes").get(0).get("text").asString()).isEqualTo("Meter roll-out in Ain Sebaa");
        assertThat(gridHolds.get("answers")).isEmpty();
        assertThat(gridHolds.get("rating").isNull()).isTrue();
        assertThat(gridHolds.toString()).as("one exhibitor's records never under another").doesNotContain("bus depot", "fleet");

        HttpJson.Answer withdrawn = send("POST", "/api/privacy/visitor/consent-withdrawals",
                HttpJson.json(Map.of("exhibitorId", atlas)), someClient(), session);
        assertThat(withdrawn.status()).as(withdrawn.text()).isEqualTo(200);
        assertThat(withdrawn.json().get("leadIds").get(0).asString()).isEqualTo(atlasLead);
        assertThat(leads.find(atlasLead).orElseThrow().attendee().email()).isNull();
        assertThat(leads.find(atlasLead).orElseThrow().attendee().phone()).isNull();
        assertThat(leads.find(gridLead).orElseThrow().attendee().email()).as("the other exhibitor keeps it").isEqualTo(email);
        assertThat(directory.find(nora).orElseThrow().contactWithdrawnFrom()).containsExactly(atlas);
        JsonNode after = send("GET", "/api/privacy/visitor", null, someClient(), session).json().get("exhibitors");
        after.forEach(holder -> assertThat(holder.get("contactShared").asBoolean())
                .isEqualTo(!holder.get("exhibitorId").asString().equals(atlas)));

        HttpJson.Answer erased = send("POST", "/api/privacy/visitor/erasure", "{}", someClient(), session);
        assertThat(erased.status()).as(erased.text()).isEqualTo(202);
        assertThat(erased.json().get("erasures").get(0).get("cause").asString()).isEqualTo("VISITOR");
        assertThat(erased.text()).doesNotContain("Nora", email);
        Attendee stub = directory.find(nora).orElseThrow();
        assertThat(stub.erased()).isTrue();
        assertThat(stub.email()).isNull();
        assertThat(leads.find(gridLead).orElseThrow().erasedAt()).isNotNull();
        assertThat(organizer.get("/api/attendees/" + nora + "/erasure").field("cause")).isEqualTo("VISITOR");
        HttpJson.Answer ended = send("GET", "/api/privacy/visitor", null, someClient(), session);
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.field("reason")).isEqualTo("SESSION_ENDED");

        int mails = TestMailServer.messagesTo(email).size();
        assertThat(askLink(email, "fr", someClient()).status()).isEqualTo(202);
        HttpJson.Answer probe = askLink("probe." + UUID.randomUUID() + "@visitors.example", "fr", someClient());
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> TestMailServer.messagesTo(email).size() == mails);
        assertThat(probe.status()).isEqualTo(202);
    }

    @Test
    void a_link_expires_after_30_minutes_a_session_too_and_unknown_or_malformed_codes_are_refused() {
        String email = "omar." + UUID.randomUUID() + "@visitors.example";
        visitor("Omar", email);
        String code = linkCode(email, "fr");
        assertThat(TestMailServer.subject(TestMailServer.messagesTo(email).get(0))).contains("Votre lien");

        clock.moveForward(Duration.ofMinutes(31));
        HttpJson.Answer expired = send("POST", "/api/privacy/sessions", HttpJson.json(Map.of("code", code)), someClient(), null);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.field("reason")).isEqualTo("LINK_EXPIRED");
        clock.reset();
        HttpJson.Answer stillUnused = send("POST", "/api/privacy/sessions", HttpJson.json(Map.of("code", code)), someClient(), null);
        assertThat(stillUnused.status()).as("the refused try did not use the link").isEqualTo(201);

        String session = stillUnused.field("session");
        clock.moveForward(Duration.ofMinutes(29));
        assertThat(send("GET", "/api/privacy/visitor", null, someClient(), session).status()).isEqualTo(200);
        clock.moveForward(Duration.ofMinutes(2));
        HttpJson.Answer over = send("GET", "/api/privacy/visitor", null, someClient(), session);
        assertThat(over.status()).isEqualTo(401);
        assertThat(over.field("reason")).isEqualTo("SESSION_EXPIRED");
        clock.reset();

        HttpJson.Answer unknown = send("POST", "/api/privacy/sessions",
                HttpJson.json(Map.of("code", "A".repeat(43))), someClient(), null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.field("reason")).isEqualTo("LINK_UNKNOWN");
        HttpJson.Answer malformed = send("POST", "/api/privacy/sessions", HttpJson.json(Map.of("code", "short")), someClient(), null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.field("reason")).isEqualTo("LINK_MALFORMED");
        HttpJson.Answer notJson = send("POST", "/api/privacy/sessions", "{\"code\":", someClient(), null);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).contains("problem+json");
        assertThat(notJson.field("reason")).isEqualTo("MALFORMED_BODY");
        HttpJson.Answer badEmail = send("POST", "/api/privacy/links", "{\"email\":\"not-an-address\"}", someClient(), null);
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.field("reason")).isEqualTo("MALFORMED_EMAIL");
        HttpJson.Answer noSession = send("GET", "/api/privacy/visitor", null, someClient(), null);
        assertThat(noSession.status()).isEqualTo(401);
        assertThat(noSession.field("reason")).isEqualTo("SESSION_MISSING");
    }

    @Test
    void a_registered_and_an_unknown_address_get_the_same_answer_in_a_similar_time() {
        String email = "leila." + UUID.randomUUID() + "@visitors.example";
        visitor("Leila", email);
        List<Long> registered = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        String registeredBody = null;
        String unknownBody = null;
        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            HttpJson.Answer known = askLink(email, "en", someClient());
            registered.add((System.nanoTime() - started) / 1_000);
            started = System.nanoTime();
            HttpJson.Answer stranger = askLink("nobody." + UUID.randomUUID() + "@visitors.example", "en", someClient());
            unknown.add((System.nanoTime() - started) / 1_000);
            assertThat(known.status()).isEqualTo(202);
            assertThat(stranger.status()).isEqualTo(202);
            registeredBody = known.text();
            unknownBody = stranger.text();
        }
        assertThat(unknownBody).isEqualTo(registeredBody);
        Collections.sort(registered);
        Collections.sort(unknown);
        long registeredMedian = registered.get(2);
        long unknownMedian = unknown.get(2);
        System.out.printf("Link asked: registered address median %d µs, unknown address median %d µs%n", registeredMedian, unknownMedian);
        assertThat(Math.abs(registeredMedian - unknownMedian)).as("the email is sent off the request").isLessThan(100_000L);
        await().atMost(WAIT).until(() -> TestMailServer.messagesTo(email).size() == 5);
    }

    @Test
    void links_are_throttled_per_address_and_per_client_whether_or_not_the_address_is_registered() {
        String email = "karim." + UUID.randomUUID() + "@visitors.example";
        visitor("Karim", email);
        String stranger = "ghost." + UUID.randomUUID() + "@visitors.example";
        for (int asked = 0; asked < 5; asked++) {
            assertThat(askLink(email, "fr", someClient()).status()).isEqualTo(202);
            assertThat(askLink(stranger, "fr", someClient()).status()).isEqualTo(202);
        }
        for (String address : List.of(email, stranger.toUpperCase())) {
            HttpJson.Answer refused = askLink(address, "fr", someClient());
            assertThat(refused.status()).as(address).isEqualTo(429);
            assertThat(refused.field("reason")).isEqualTo("TOO_MANY_LINKS");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
        await().atMost(WAIT).until(() -> TestMailServer.messagesTo(email).size() == 5);

        String browser = someClient();
        for (int asked = 0; asked < 30; asked++) {
            assertThat(askLink("many." + UUID.randomUUID() + "@visitors.example", "fr", browser).status()).isEqualTo(202);
        }
        HttpJson.Answer refused = askLink("one-more." + UUID.randomUUID() + "@visitors.example", "fr", browser);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.field("reason")).isEqualTo("TOO_MANY_LINKS");
        assertThat(askLink("elsewhere." + UUID.randomUUID() + "@visitors.example", "fr", someClient()).status())
                .as("another browser is not held back").isEqualTo(202);
        assertThat(mongo.getCollection(VisitorAccess.THROTTLE).find().into(new ArrayList<>()).toString())
                .as("the counters hold hashes").doesNotContain(email, browser);
    }

    @Test
    void a_session_reaches_only_its_own_registrations_and_leads() {
        String atlas = exhibitorNamed("Atlas Mobility");
        String lonely = exhibitorNamed("Lonely Booth");
        String hiba = visitor("Hiba", "hiba." + UUID.randomUUID() + "@visitors.example");
        String yassineEmail = "yassine." + UUID.randomUUID() + "@visitors.example";
        String yassine = visitor("Yassine", yassineEmail);
        String hibaLead = scanned(atlas, hiba, "Hiba's needs");
        scanned(atlas, yassine, "Yassine's needs");
        long revision = leads.find(hibaLead).orElseThrow().revision();

        String session = session(linkCode(yassineEmail, "ar"));
        assertThat(TestMailServer.subject(TestMailServer.messagesTo(yassineEmail).get(0))).contains("رابط");
        HttpJson.Answer page = send("GET", "/api/privacy/visitor", null, someClient(), session);
        assertThat(page.text()).contains("Yassine").doesNotContain("Hiba", hiba);

        HttpJson.Answer withdraw = send("POST", "/api/privacy/visitor/consent-withdrawals",
                HttpJson.json(Map.of("exhibitorId", atlas, "attendeeId", hiba)), someClient(), session);
        assertThat(withdraw.status()).isEqualTo(403);
        assertThat(withdraw.field("reason")).isEqualTo("NOT_YOUR_REGISTRATION");
        HttpJson.Answer erase = send("POST", "/api/privacy/visitor/erasure", HttpJson.json(Map.of("attendeeId", hiba)),
                someClient(), session);
        assertThat(erase.status()).isEqualTo(403);
        assertThat(erase.field("reason")).isEqualTo("NOT_YOUR_REGISTRATION");
        HttpJson.Answer noLead = send("POST", "/api/privacy/visitor/consent-withdrawals",
                HttpJson.json(Map.of("exhibitorId", lonely)), someClient(), session);
        assertThat(noLead.status()).isEqualTo(422);
        assertThat(noLead.field("reason")).isEqualTo("NO_LEAD_WITH_EXHIBITOR");
        HttpJson.Answer malformed = send("POST", "/api/privacy/visitor/consent-withdrawals",
                HttpJson.json(Map.of("exhibitorId", "atlas")), someClient(), session);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.field("reason")).isEqualTo("MALFORMED_ID");
        HttpJson.Answer broken = send("POST", "/api/privacy/visitor/erasure", "{\"attendeeId\":", someClient(), session);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.field("reason")).isEqualTo("MALFORMED_BODY");
        assertThat(staff(atlas, "amine").get("/api/privacy/visitor").status()).as("a staff token is no visitor session")
                .isEqualTo(401);

        assertThat(leads.find(hibaLead).orElseThrow().revision()).as("nothing changed Hiba's lead").isEqualTo(revision);
        assertThat(directory.find(hiba).orElseThrow().erased()).isFalse();
        assertThat(directory.find(yassine).orElseThrow().erased()).isFalse();
        assertThat(directory.find(yassine).orElseThrow().contactWithdrawnFrom()).isEmpty();

        // The organizer erases Yassine: his page has nothing left to show, and his session ends.
        assertThat(organizer.post("/api/attendees/" + yassine + "/erasure", "{}").status()).isEqualTo(202);
        HttpJson.Answer ended = send("GET", "/api/privacy/visitor", null, someClient(), session);
        assertThat(ended.status()).isEqualTo(401);
        assertThat(ended.field("reason")).isEqualTo("SESSION_ENDED");
    }

    /** Another instance of the service's sign-in links, as one started after a crash would be, with the service's settings. */
    private VisitorAccess anotherInstance() {
        return new VisitorAccess(mongo, emails, context.getBeanProvider(java.time.Clock.class), Duration.ofMinutes(30),
                Duration.ofMinutes(30), 5, 30, Duration.ofMinutes(15), Duration.ofSeconds(30));
    }

    @Test
    void a_link_asked_just_before_a_crash_is_emailed_by_the_next_pass_of_any_instance_and_its_code_is_kept_nowhere() {
        String email = "sara." + UUID.randomUUID() + "@visitors.example";
        visitor("Sara", email);
        // The instance that answers dies before its pass runs: its background work never runs again.
        access.backgroundWork().stop();
        try {
            assertThat(askLink(email, "ar", someClient()).status()).isEqualTo(202);
            Document waiting = mongo.getCollection(VisitorAccess.REQUESTS).find(new Document("address", email)).first();
            assertThat(waiting).as("the request is stored before the answer").isNotNull();
            assertThat(TestMailServer.messagesTo(email)).isEmpty();

            // A pass that took it and died holds it until its claim runs out; then another instance sends it.
            Instant now = clock.instant();
            mongo.getCollection(VisitorAccess.REQUESTS).updateOne(new Document("_id", waiting.getString("_id")),
                    new Document("$set", new Document("claimedUntil", java.util.Date.from(now.plus(Duration.ofMinutes(2))))));
            VisitorAccess restarted = anotherInstance();
            restarted.issueRequested();
            assertThat(TestMailServer.messagesTo(email)).as("claimed by the pass that died").isEmpty();
            clock.set(now.plus(Duration.ofMinutes(3)));
            restarted.issueRequested();
            await().atMost(WAIT).until(() -> TestMailServer.messagesTo(email).size() == 1);
            assertThat(TestMailServer.messagesTo(email)).hasSize(1);
        } finally {
            access.backgroundWork().start();
        }
        Matcher link = CODE.matcher(TestMailServer.body(TestMailServer.messagesTo(email).get(0)));
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).isEqualTo("ar");
        String code = link.group(2);
        assertThat(mongo.getCollection(VisitorAccess.REQUESTS).countDocuments(new Document("address", email)))
                .as("the request (and its address) goes once the email is sent").isZero();
        for (String collection : List.of(VisitorAccess.REQUESTS, VisitorAccess.LINKS)) {
            assertThat(mongo.getCollection(collection).find().into(new ArrayList<>()).toString()).as(collection).doesNotContain(code);
        }
        assertThat(session(code)).isNotBlank();
        // A second pass sends nothing more.
        anotherInstance().issueRequested();
        assertThat(TestMailServer.messagesTo(email)).hasSize(1);
    }

    private static JsonNode holderOf(JsonNode holders, String exhibitorId) {
        for (JsonNode holder : holders) {
            if (holder.get("exhibitorId").asString().equals(exhibitorId)) {
                return holder;
            }
        }
        throw new AssertionError("no holder " + exhibitorId + " in " + holders);
    }
}
