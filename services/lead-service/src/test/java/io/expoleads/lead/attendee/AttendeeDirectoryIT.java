package io.expoleads.lead.attendee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestTokens;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

/** The badge directory through its API: CSV and JSON imports, the organizer's visibility setting, attendees in full. */
class AttendeeDirectoryIT extends LeadServiceIT {

    private static final String HEADER = "registrationId,firstName,lastName,company,jobTitle,email,phone,country,shareContact\n";

    @Autowired
    AttendeeDirectory directory;
    @Autowired
    AttendeeVisibilities visibilities;
    @Autowired
    EventWriter events;
    @Autowired
    OutboxRelays relays;
    @Autowired
    LeadStore leads;
    @Autowired
    io.expoleads.platform.privacy.VisitorKeys keys;

    private String importPath() {
        return "/api/editions/" + edition + "/attendees/import";
    }

    private String visibilityPath() {
        return "/api/editions/" + edition + "/attendee-visibility";
    }

    private HttpJson.Answer importCsv(String csv) {
        return organizer.postText(importPath(), "text/csv", csv);
    }

    private long attendeesOfEdition() {
        return mongo.getCollection(AttendeeDirectory.COLLECTION).countDocuments(new Document("editionId", edition));
    }

    private static void assertProblem(HttpJson.Answer answer, int status, String detail) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.field("detail")).contains(detail);
    }

    /**
     * Posts raw bytes, for bodies a text client would not send, and for the largest imports: up to
     * 90 s, where HttpJson waits 30 s (a 30,000-row import also issues each new visitor's key).
     */
    private HttpJson.Answer postBytes(String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + importPath()))
                .timeout(Duration.ofSeconds(90))
                .header("Authorization", "Bearer " + TestTokens.get().organizer())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpJson.Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_edition_opened_the_moment_its_visitors_are_imported_is_waited_for_and_one_never_opened_is_refused() {
        String justOpened = UUID.randomUUID().toString();
        String rows = HttpJson.json(List.of(Map.of("registrationId", "W-1", "lastName", "Early")));
        // The import is on its way before the edition's event is written: lead-service waits a moment for it.
        CompletableFuture<HttpJson.Answer> importing = CompletableFuture.supplyAsync(() ->
                organizer.post("/api/editions/" + justOpened + "/attendees/import", rows));
        writer.send(Topics.EDITIONS, justOpened, json.writeValueAsString(io.expoleads.events.EventEnvelope.of(UUID.randomUUID(),
                "EditionOpened", Instant.now(), justOpened, justOpened, new io.expoleads.events.EditionView(justOpened, 1,
                        "Opened a moment ago", java.time.LocalDate.now(), java.time.LocalDate.now().plusDays(2), "Africa/Casablanca"))));
        HttpJson.Answer imported = importing.join();
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        assertThat(imported.json().get("created").asInt()).isEqualTo(1);

        String neverOpened = UUID.randomUUID().toString();
        HttpJson.Answer refused = organizer.post("/api/editions/" + neverOpened + "/attendees/import", rows);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.field("reason")).isEqualTo("UNKNOWN_EDITION");
        HttpJson.Answer malformed = organizer.post("/api/editions/not-a-uuid/attendees/import", rows);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.field("reason")).isEqualTo("MALFORMED_ID");
        assertThat(mongo.count(Query.query(Criteria.where("editionId").in(neverOpened, "not-a-uuid")), AttendeeDirectory.COLLECTION))
                .as("nothing imported for them").isZero();
    }

    @Test
    void a_csv_import_keeps_arabic_and_french_names_and_reads_any_header_case_after_a_byte_order_mark() {
        HttpJson.Answer report = importCsv("\uFEFFRegistrationID,FIRSTNAME,lastname,Company,jobTitle,Email,phone,COUNTRY,sharecontact\r\n"
                + "SC-1,محمد,العلوي,الدار البيضاء للنقل,مدير,m.alaoui@example.ma,+212 600 000 001,MA,oui\r\n"
                + "SC-2,Hélène,Lefèvre-Ouazzani,\"Société Générale, Maroc\",Chargée d'études,,,FR,non\r\n");

        assertThat(report.status()).as(report.text()).isEqualTo(200);
        assertThat(report.json().get("created").asInt()).isEqualTo(2);
        assertThat(report.json().get("rejected")).isEmpty();
        JsonNode first = report.json().get("attendees").get(0);
        assertThat(first.get("row").asInt()).isEqualTo(1);
        assertThat(first.get("registrationId").asString()).isEqualTo("SC-1");

        HttpJson.Answer arabic = organizer.get("/api/attendees/" + first.get("attendeeId").asString());
        assertThat(arabic.status()).isEqualTo(200);
        assertThat(arabic.field("firstName")).isEqualTo("محمد");
        assertThat(arabic.field("lastName")).isEqualTo("العلوي");
        assertThat(arabic.field("company")).isEqualTo("الدار البيضاء للنقل");
        assertThat(arabic.json().get("shareContact").asBoolean()).isTrue();
        assertThat(arabic.json().has("outbox")).isFalse();
        String frenchId = report.json().get("attendees").get(1).get("attendeeId").asString();
        HttpJson.Answer french = organizer.get("/api/attendees/" + frenchId);
        assertThat(french.field("firstName")).isEqualTo("Hélène");
        assertThat(french.field("lastName")).isEqualTo("Lefèvre-Ouazzani");
        assertThat(french.field("company")).isEqualTo("Société Générale, Maroc");
        assertThat(french.field("jobTitle")).isEqualTo("Chargée d'études");
        assertThat(french.field("email")).isNull();
        assertThat(french.json().get("shareContact").asBoolean()).isFalse();

        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ATTENDEES)) {
            ConsumerRecord<String, String> registered = reader.await(record -> frenchId.equals(record.key()), WAIT);
            JsonNode event = json.readTree(registered.value());
            assertThat(event.get("type").asString()).isEqualTo("AttendeeRegistered");
            assertThat(registered.value()).as("sealed on the topic").doesNotContain("Lefèvre");
            assertThat(openedAttendee(registered.value()).orElseThrow().lastName()).isEqualTo("Lefèvre-Ouazzani");
        }

        HttpJson.Answer latin1 = postBytes("text/csv; charset=ISO-8859-1",
                (HEADER + "SC-3,Zoé,Benjelloun,,,,,MA,\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin1.status()).as(latin1.text()).isEqualTo(200);
        assertThat(organizer.get("/api/attendees/" + AttendeeDirectory.attendeeId(edition, "SC-3")).field("firstName"))
                .isEqualTo("Zoé");
    }

    @Test
    void a_csv_import_reports_each_refused_row_by_its_data_row_number() {
        HttpJson.Answer report = importCsv(HEADER
                + "RR-1,Salma,Benali,,,salma@example.ma,,MA,yes\n"
                + "RR-2,Omar,Idrissi,,,,,MA,peut-être\n"
                + "RR-1,Salma,Benali bis,,,,,MA,no\n"
                + "\n"
                + "RR-4,,,,,,,MA,1\n"
                + "RR-5,Karim,Alaoui,,,,,MA\n"
                + "RR-6,Imane,Tazi,,,imane@,,MA,0\n"
                + "RR-7,Nadia,Chraibi,,,,,MA,oui\n");

        assertThat(report.status()).as(report.text()).isEqualTo(200);
        JsonNode body = report.json();
        assertThat(body.get("rows").asInt()).isEqualTo(7);
        assertThat(body.get("created").asInt()).isEqualTo(2);
        assertThat(body.get("rejectedRows").asInt()).isEqualTo(5);
        List<String> rejected = new ArrayList<>();
        body.get("rejected").forEach(problem -> rejected.add(problem.get("row").asInt() + " " + problem.get("field").asString()
                + ": " + problem.get("reason").asString()));
        assertThat(rejected).containsExactly(
                "2 shareContact: must be true, false, yes, no, 1, 0, oui or non",
                "3 registrationId: appears twice in this upload: row 1 has it too",
                "4 lastName: a first or last name is required",
                "5 row: has 8 values where the header names 9 columns",
                "6 email: is not an email address");
        List<Integer> kept = new ArrayList<>();
        body.get("attendees").forEach(row -> kept.add(row.get("row").asInt()));
        assertThat(kept).containsExactly(1, 7);
        assertThat(attendeesOfEdition()).isEqualTo(2);
        assertThat(directory.find(AttendeeDirectory.attendeeId(edition, "RR-1")).orElseThrow().lastName())
                .as("the first of the two rows is kept").isEqualTo("Benali");

        HttpJson.Answer json = organizer.post(importPath(), HttpJson.json(List.of(
                Map.of("registrationId", "RR-8", "lastName", "Fassi"), Map.of("registrationId", "RR-8", "lastName", "Fassi"))));
        assertThat(json.json().get("created").asInt()).isEqualTo(1);
        assertThat(json.json().get("rejected").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(json.json().get("rejected").get(0).get("reason").asString()).contains("appears twice");
    }

    @Test
    void importing_again_changes_only_what_changed_and_publishes_each_change_once() {
        String csv = HEADER + "ID-1,Salma,Benali,Casa Transport,,salma@example.ma,,MA,yes\n"
                + "ID-2,Omar,Idrissi,Atlas Energy,,,,MA,no\n";
        assertThat(importCsv(csv).json().get("created").asInt()).isEqualTo(2);
        HttpJson.Answer again = importCsv(csv);
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(2);
        assertThat(again.json().get("created").asInt()).isZero();

        HttpJson.Answer changed = importCsv(csv.replace("Atlas Energy", "Atlas Green Energy"));
        assertThat(changed.json().get("updated").asInt()).isEqualTo(1);
        assertThat(changed.json().get("unchanged").asInt()).isEqualTo(1);
        String omar = AttendeeDirectory.attendeeId(edition, "ID-2");
        assertThat(changed.json().get("attendees").get(1).get("attendeeId").asString()).isEqualTo(omar);
        assertThat(changed.json().get("attendees").findValuesAsString("outcome")).as("what each row did")
                .containsExactly("UNCHANGED", "UPDATED");
        assertThat(again.json().get("attendees").findValuesAsString("outcome")).containsExactly("UNCHANGED", "UNCHANGED");
        Attendee stored = directory.find(omar).orElseThrow();
        assertThat(stored.company()).isEqualTo("Atlas Green Energy");
        assertThat(stored.revision()).isEqualTo(2);

        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ATTENDEES)) {
            reader.await(record -> omar.equals(record.key()) && record.value().contains("AttendeeUpdated"), WAIT);
            assertThat(reader.all(record -> omar.equals(record.key())))
                    .extracting(record -> json.readTree(record.value()).get("type").asString())
                    .containsExactly("AttendeeRegistered", "AttendeeUpdated");
        }
    }

    @Test
    void the_organizer_lists_an_editions_attendees_in_full_page_by_page_in_registration_order() {
        HttpJson.Answer report = importCsv(HEADER + "R-3,Karim,Bennani,ONCF,,karim@oncf.ma,,MA,no\n"
                + "R-1,يوسف,العمراني,الدار البيضاء للنقل,,,,MA,yes\n"
                + ",Nobody,Without-Id,,,,,MA,yes\n"
                + "R-2,Hélène,Lefèvre,Tanger Med,,,,FR,yes\n");
        assertThat(report.json().get("attendees").findValuesAsString("outcome")).containsExactly("CREATED", "CREATED", "CREATED");
        assertThat(report.json().get("rejected").get(0).get("row").asInt()).isEqualTo(3);
        String otherEdition = openEdition();
        organizer.post("/api/editions/" + otherEdition + "/attendees/import",
                HttpJson.json(List.of(Map.of("registrationId", "R-0", "lastName", "Elsewhere"))));

        String path = "/api/editions/" + edition + "/attendees";
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpJson.Answer page = organizer.get(path + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().get("items").forEach(item -> names.add(item.get("registrationId").asString() + " " + item.get("firstName").asString()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(names).containsExactly("R-1 يوسف", "R-2 Hélène", "R-3 Karim");
        assertThat(pages).isEqualTo(2);
        JsonNode karim = organizer.get(path + "?cursor=" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("R-2".getBytes(StandardCharsets.UTF_8))).json().get("items").get(0);
        assertThat(karim.get("email").asString()).as("the organizer sees every field").isEqualTo("karim@oncf.ma");
        assertThat(karim.get("attendeeId").asString()).isEqualTo(AttendeeDirectory.attendeeId(edition, "R-3"));
        assertThat(karim.has("outbox")).isFalse();

        assertThat(staff(UUID.randomUUID().toString(), "amine").get(path).status()).isEqualTo(403);
        assertThat(http.get(path).status()).isEqualTo(401);
        assertThat(organizer.get(path + "?cursor=%25%25").status()).isEqualTo(400);
        assertThat(organizer.get(path + "?limit=501").status()).isEqualTo(400);
    }

    @Test
    void an_upload_that_cannot_be_imported_is_refused_whole_with_a_problem_and_changes_nothing() {
        assertProblem(importCsv(HEADER + "BAD-1,Salma,Benali,,,,,MA,yes\nBAD-2,\"Omar,Idrissi,,,,,MA,no\n"), 400,
                "not valid CSV");
        assertProblem(importCsv(HEADER + "BAD-1,\"Salma\"x,Benali,,,,,MA,yes\n"), 400, "not valid CSV");
        assertProblem(importCsv("registrationId,lastName,badge_type,hall\nBAD-1,Benali,VIP,A\n"), 400,
                "unknown columns: badge_type, hall");
        assertProblem(importCsv("firstName,lastName\nSalma,Benali\n"), 400, "no registrationId column");
        assertProblem(importCsv(""), 400, "empty");
        assertProblem(postBytes("text/csv", (HEADER + "BAD-1,Zoé,Benali,,,,,MA,\n").getBytes(StandardCharsets.ISO_8859_1)),
                400, "not UTF-8");

        StringBuilder tooMany = new StringBuilder(HEADER);
        for (int row = 1; row <= AttendeeController.MAX_ROWS + 1; row++) {
            tooMany.append("BAD-").append(row).append(",,Benali\n");
        }
        assertProblem(importCsv(tooMany.toString()), 400, "at most 30000 rows; this one has 30001");
        List<Map<String, String>> tooManyJson = new ArrayList<>();
        for (int row = 1; row <= AttendeeController.MAX_ROWS + 1; row++) {
            tooManyJson.add(Map.of("registrationId", "BAD-" + row, "lastName", "Benali"));
        }
        assertProblem(organizer.post(importPath(), HttpJson.json(tooManyJson)), 400, "at most 30000 rows");

        HttpJson.Answer plainText = organizer.postText(importPath(), "text/plain", HEADER + "BAD-1,,Benali\n");
        assertThat(plainText.status()).isEqualTo(415);
        assertThat(plainText.contentType()).startsWith("application/problem+json");
        assertThat(organizer.postText(importPath(), "application/xml", "<registrations/>").status()).isEqualTo(415);
        assertThat(postBytes(null, "[]".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
        HttpJson.Answer klingon = postBytes("text/csv; charset=klingon", (HEADER + "BAD-1,,Benali\n").getBytes(StandardCharsets.UTF_8));
        assertThat(klingon.status()).isEqualTo(415);
        assertThat(klingon.contentType()).startsWith("application/problem+json");

        assertProblem(organizer.post(importPath(), "[{\"registrationId\": \"BAD-1\", \"lastName\": "), 400, "not valid JSON");
        HttpJson.Answer wrongType = organizer.post(importPath(),
                "[{\"registrationId\": \"BAD-1\", \"lastName\": \"Benali\", \"shareContact\": \"peut-être\"}]");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").get(0).get("field").asString()).isEqualTo("[0].shareContact");
        assertThat(organizer.post(importPath(), "[{\"registrationId\": \"BAD-1\", \"badge\": \"VIP\"}]").status()).isEqualTo(400);
        assertThat(organizer.post(importPath(), "null").status()).isEqualTo(400);
        assertThat(organizer.post(importPath(), "{\"registrationId\": \"BAD-1\"}").status()).isEqualTo(400);

        assertThat(attendeesOfEdition()).isZero();
    }

    @Test
    void only_the_organizer_imports_chooses_what_exhibitors_see_and_reads_attendees_in_full() {
        String exhibitor = UUID.randomUUID().toString();
        HttpJson staff = staff(exhibitor, "amine");
        String row = HttpJson.json(List.of(Map.of("registrationId", "AC-1", "lastName", "Benali")));

        assertThat(staff.post(importPath(), row).status()).isEqualTo(403);
        assertThat(staff.postText(importPath(), "text/csv", "registrationId,lastName\nAC-1,Benali\n").status()).isEqualTo(403);
        assertThat(admin(exhibitor).post(importPath(), row).status()).isEqualTo(403);
        assertThat(http.postText(importPath(), "text/csv", "registrationId,lastName\nAC-1,Benali\n").status()).isEqualTo(401);
        assertThat(attendeesOfEdition()).isZero();

        assertThat(staff.put(visibilityPath(), "{\"visibleFields\": []}").status()).isEqualTo(403);
        assertThat(admin(exhibitor).put(visibilityPath(), "{\"visibleFields\": []}").status()).isEqualTo(403);
        assertThat(staff.get(visibilityPath()).json().get("visibleFields")).hasSize(7);
        assertThat(admin(exhibitor).get(visibilityPath()).status()).isEqualTo(200);
        assertThat(http.get(visibilityPath()).status()).isEqualTo(401);

        String attendee = importAttendee("AC-2", "Salma", false);
        assertThat(staff.get("/api/attendees/" + attendee).status()).isEqualTo(403);
        HttpJson.Answer full = organizer.get("/api/attendees/" + attendee);
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.field("email")).as("the organizer sees what exhibitors may not").isEqualTo("ac-2@visitors.example");
        assertThat(full.field("registrationId")).isEqualTo("AC-2");
        assertProblem(organizer.get("/api/attendees/" + UUID.randomUUID()), 404, "No attendee with id");
    }

    @Test
    void the_organizers_choice_decides_what_scans_and_leads_show_and_contact_data_also_needs_consent() {
        HttpJson.Answer byDefault = organizer.get(visibilityPath());
        assertThat(byDefault.status()).isEqualTo(200);
        assertThat(byDefault.field("editionId")).isEqualTo(edition);
        assertThat(byDefault.json().get("visibleFields").valueStream().map(JsonNode::asString).toList())
                .containsExactly("firstName", "lastName", "company", "jobTitle", "email", "phone", "country");

        HttpJson.Answer chosen = organizer.put(visibilityPath(), "{\"visibleFields\": [\"company\", \"firstName\", \"email\"]}");
        assertThat(chosen.status()).as(chosen.text()).isEqualTo(200);
        assertThat(chosen.json().get("visibleFields").valueStream().map(JsonNode::asString).toList())
                .containsExactly("firstName", "company", "email");

        HttpJson.Answer unknown = organizer.put(visibilityPath(), "{\"visibleFields\": [\"firstName\", \"badgeType\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("visibleFields[1]");
        HttpJson.Answer always = organizer.put(visibilityPath(), "{\"visibleFields\": [\"registrationId\"]}");
        assertThat(always.status()).isEqualTo(400);
        assertThat(always.json().get("errors").get(0).get("message").asString()).contains("always visible");
        assertThat(organizer.put(visibilityPath(), "{}").json().get("errors").get(0).get("field").asString())
                .isEqualTo("visibleFields");
        assertThat(organizer.put(visibilityPath(), "{\"visibleFields\": \"email\"}").status()).isEqualTo(400);
        assertThat(organizer.put(visibilityPath(), "{\"visibleFields\": [], \"editionId\": \"x\"}").status()).isEqualTo(400);
        assertThat(organizer.put(visibilityPath(), "{\"visibleFields\": [").status()).isEqualTo(400);
        assertThat(staff(UUID.randomUUID().toString(), "amine").get(visibilityPath()).json().get("visibleFields"))
                .as("refused settings changed nothing").hasSize(3);

        String exhibitor = approvedExhibitor();
        String consenting = importAttendee("VS-1", "Salma", true);
        String declining = importAttendee("VS-2", "Omar", false);
        HttpJson.Answer receipt = scan(exhibitor, consenting);
        assertThat(receipt.status()).as(receipt.text()).isEqualTo(202);
        JsonNode seen = receipt.json().get("attendee");
        assertThat(seen.get("firstName").asString()).isEqualTo("Salma");
        assertThat(seen.get("email").asString()).isEqualTo("vs-1@visitors.example");
        assertThat(seen.get("registrationId").asString()).isEqualTo("VS-1");
        assertThat(absent(seen, "lastName")).as("not chosen").isTrue();
        JsonNode declined = scan(exhibitor, declining).json().get("attendee");
        assertThat(declined.get("company").asString()).isEqualTo("Casa Transport");
        assertThat(absent(declined, "email")).as("no consent, no email").isTrue();

        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, declining)).isPresent());
        AttendeeView onTheLead = leads.find(Lead.idOf(exhibitor, declining)).orElseThrow().attendee();
        assertThat(onTheLead.firstName()).isEqualTo("Omar");
        assertThat(onTheLead.lastName()).isNull();
        assertThat(onTheLead.email()).isNull();
        await().atMost(WAIT).until(() -> leads.find(Lead.idOf(exhibitor, consenting)).isPresent());
        AttendeeView consentingLead = leads.find(Lead.idOf(exhibitor, consenting)).orElseThrow().attendee();
        assertThat(consentingLead.email()).isEqualTo("vs-1@visitors.example");
        assertThat(consentingLead.lastName()).isNull();

        assertThat(organizer.put(visibilityPath(), "{\"visibleFields\": []}").status()).isEqualTo(200);
        String later = importAttendee("VS-3", "Nadia", true);
        JsonNode idsOnly = scan(exhibitor, later).json().get("attendee");
        assertThat(idsOnly.get("attendeeId").asString()).isEqualTo(later);
        assertThat(idsOnly.get("registrationId").asString()).isEqualTo("VS-3");
        assertThat(absent(idsOnly, "firstName")).isTrue();
        assertThat(absent(idsOnly, "lastName")).isTrue();
        assertThat(absent(idsOnly, "company")).isTrue();
        assertThat(absent(idsOnly, "email")).isTrue();
    }

    @Test
    void a_setting_stored_through_another_instance_shows_within_seconds() {
        String attendee = importAttendee("OI-1", "Salma", true);
        Attendee salma = directory.find(attendee).orElseThrow();
        assertThat(directory.visibleToExhibitors(salma).firstName()).isEqualTo("Salma");

        new AttendeeVisibilities(mongo, event -> { }, java.time.Clock.systemUTC()).choose(edition, Set.of(AttendeeField.COMPANY));

        Instant stored = Instant.now();
        await().atMost(Duration.ofSeconds(5)).until(() -> directory.visibleToExhibitors(salma).firstName() == null);
        System.out.println("A visibility setting stored by another instance showed here after "
                + Duration.between(stored, Instant.now()).toMillis() + " ms");
        assertThat(directory.visibleToExhibitors(salma).company()).isEqualTo("Casa Transport");
    }

    @Test
    void an_import_racing_another_for_the_same_rows_stores_each_attendee_once_and_loses_no_change() {
        directory.importRegistrations(edition, List.of(registration("RC-2", "Idrissi", "first@example.ma")));
        String newcomer = AttendeeDirectory.attendeeId(edition, "RC-1");
        String known = AttendeeDirectory.attendeeId(edition, "RC-2");
        AtomicBoolean raced = new AtomicBoolean();
        // Right after this import read what is stored, another import inserts RC-1 and changes RC-2.
        MongoTemplate racingMongo = new MongoTemplate(mongo.getMongoDatabaseFactory(), mongo.getConverter()) {
            @Override
            public <T> List<T> find(Query query, Class<T> type, String collection) {
                List<T> found = super.find(query, type, collection);
                if (collection.equals(AttendeeDirectory.COLLECTION) && raced.compareAndSet(false, true)) {
                    directory.importRegistrations(edition, List.of(registration("RC-1", "Benali", "other@example.ma"),
                            registration("RC-2", "Idrissi", "second@example.ma")));
                }
                return found;
            }
        };
        AttendeeDirectory racing = new AttendeeDirectory(racingMongo, events, relays, visibilities, seal, keys, clock);

        ImportReport report = racing.importRegistrations(edition, List.of(registration("RC-1", "Benali", "mine@example.ma"),
                registration("RC-2", "Idrissi", "mine@example.ma"), registration("RC-3", "Alaoui", null)));

        assertThat(raced).isTrue();
        assertThat(report.created()).as("RC-3").isEqualTo(1);
        assertThat(report.updated()).as("RC-1 after the other insert, RC-2 after the other update").isEqualTo(2);
        assertThat(report.rejected()).isEmpty();
        assertThat(directory.find(newcomer).orElseThrow().email()).isEqualTo("mine@example.ma");
        assertThat(directory.find(newcomer).orElseThrow().revision()).isEqualTo(2);
        assertThat(directory.find(known).orElseThrow().email()).isEqualTo("mine@example.ma");
        assertThat(directory.find(known).orElseThrow().revision()).isEqualTo(3);
        relays.wake();
        try (TopicReader reader = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.ATTENDEES)) {
            reader.await(record -> known.equals(record.key())
                    && "mine@example.ma".equals(openedAttendee(record.value()).orElseThrow().email()), WAIT);
            reader.await(record -> newcomer.equals(record.key())
                    && "mine@example.ma".equals(openedAttendee(record.value()).orElseThrow().email()), WAIT);
            assertThat(reader.all(record -> newcomer.equals(record.key())))
                    .extracting(record -> json.readTree(record.value()).get("type").asString())
                    .containsExactly("AttendeeRegistered", "AttendeeUpdated");
            assertThat(reader.all(record -> known.equals(record.key())))
                    .extracting(record -> openedAttendee(record.value()).orElseThrow().email())
                    .containsExactly("first@example.ma", "second@example.ma", "mine@example.ma");
        }
    }

    @Test
    void two_uploads_of_the_same_rows_at_once_create_each_attendee_once() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 1; row <= 2_000; row++) {
            csv.append("TW-").append(row).append(",Salma,Benali,,,,,MA,yes\n");
        }
        CompletableFuture<HttpJson.Answer> first = CompletableFuture.supplyAsync(() -> importCsv(csv.toString()));
        CompletableFuture<HttpJson.Answer> second = CompletableFuture.supplyAsync(() -> importCsv(csv.toString()));
        JsonNode a = first.join().json();
        JsonNode b = second.join().json();

        assertThat(a.get("created").asInt() + b.get("created").asInt()).isEqualTo(2_000);
        assertThat(a.get("unchanged").asInt() + b.get("unchanged").asInt()).isEqualTo(2_000);
        assertThat(a.get("updated").asInt() + b.get("updated").asInt()).isZero();
        assertThat(attendeesOfEdition()).isEqualTo(2_000);
        assertThat(mongo.getCollection(AttendeeDirectory.COLLECTION)
                .countDocuments(new Document("editionId", edition).append("revision", 1L))).isEqualTo(2_000);
        assertThat(mongo.getCollection(AttendeeDirectory.COLLECTION).countDocuments(new Document("editionId", edition)
                .append("outbox.1", new Document("$exists", true)))).as("one AttendeeRegistered each").isZero();
        dropPendingEvents();
    }

    @Test
    void thirty_thousand_csv_rows_import_in_one_upload() {
        int rows = AttendeeController.MAX_ROWS;
        StringBuilder csv = new StringBuilder(HEADER);
        for (int row = 1; row <= rows; row++) {
            csv.append("TT-").append(row).append(",Youssef,El Amrani,Casa Transport ").append(row % 97)
                    .append(",Chef de projet,visitor").append(row).append("@example.ma,+212 600 ")
                    .append(String.format("%06d", row)).append(",MA,").append(row % 2 == 0 ? "oui" : "non").append('\n');
        }
        String body = csv.toString();

        long started = System.nanoTime();
        HttpJson.Answer report = postBytes("text/csv", body.getBytes(StandardCharsets.UTF_8));
        long took = System.nanoTime() - started;

        assertThat(report.status()).as(report.text()).isEqualTo(200);
        System.out.printf("Imported %,d CSV rows (%,d bytes) in %,d ms: %,.0f rows/s%n", rows,
                body.getBytes(StandardCharsets.UTF_8).length, took / 1_000_000, rows / (took / 1e9));
        assertThat(report.json().get("created").asInt()).isEqualTo(rows);
        assertThat(report.json().get("rejected")).isEmpty();
        JsonNode attendees = report.json().get("attendees");
        assertThat(attendees).hasSize(rows);
        Set<String> ids = new HashSet<>();
        for (int index = 0; index < rows; index++) {
            assertThat(attendees.get(index).get("row").asInt()).isEqualTo(index + 1);
            ids.add(attendees.get(index).get("attendeeId").asString());
        }
        assertThat(ids).hasSize(rows);
        assertThat(attendeesOfEdition()).isEqualTo(rows);

        // Again, with one row in ten changed.
        String changed = body.replaceAll("(?m)^(TT-\\d*0,Youssef,El Amrani,Casa Transport \\d+)", "$1 SARL");
        started = System.nanoTime();
        HttpJson.Answer again = postBytes("text/csv", changed.getBytes(StandardCharsets.UTF_8));
        took = System.nanoTime() - started;
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        System.out.printf("Imported the same %,d rows again, %,d of them changed, in %,d ms: %,.0f rows/s%n", rows,
                again.json().get("updated").asInt(), took / 1_000_000, rows / (took / 1e9));
        assertThat(again.json().get("updated").asInt()).isEqualTo(rows / 10);
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(rows - rows / 10);
        assertThat(directory.find(AttendeeDirectory.attendeeId(edition, "TT-30")).orElseThrow().company())
                .isEqualTo("Casa Transport 30 SARL");

        long pending = pendingEvents();
        System.out.printf("While the test ran, the outbox relay published %,d of those %,d attendee events%n",
                rows + rows / 10 - pending, rows + rows / 10);
        dropPendingEvents();
    }

    /** The events of this test's edition still waiting in attendee outboxes. */
    private long pendingEvents() {
        List<Document> pending = mongo.getCollection(AttendeeDirectory.COLLECTION).aggregate(List.of(
                new Document("$match", new Document("editionId", edition)),
                new Document("$group", new Document("_id", null).append("events", new Document("$sum",
                        new Document("$size", new Document("$ifNull", List.of("$outbox", List.of())))))))).into(new ArrayList<>());
        return pending.isEmpty() ? 0 : ((Number) pending.get(0).get("events")).longValue();
    }

    /**
     * Takes this test's many events out of the outbox. The relay sends one event at a time, waiting
     * for each (some ms apiece), on the one thread every outbox of the service shares: left there,
     * they would hold up the other tests' events for minutes, and the shutdown of the context too.
     */
    private void dropPendingEvents() {
        mongo.updateMulti(Query.query(Criteria.where("editionId").is(edition)), new Update().unset("outbox"),
                AttendeeDirectory.COLLECTION);
    }

    private static boolean absent(JsonNode node, String field) {
        return node.get(field) == null || node.get(field).isNull();
    }

    private static Registration registration(String registrationId, String lastName, String email) {
        return new Registration(registrationId, "Test", lastName, null, null, email, null, "MA", true);
    }

    private HttpJson.Answer scan(String exhibitor, String attendee) {
        return staff(exhibitor, "amine").post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badgeOf(attendee), "scannedAt", Instant.now().toString())));
    }
}
