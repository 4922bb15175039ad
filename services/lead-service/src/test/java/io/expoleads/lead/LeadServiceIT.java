package io.expoleads.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EditionView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.Topics;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadView;
import io.expoleads.events.ScanAccepted;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import tools.jackson.databind.JavaType;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestClock;
import io.expoleads.testsupport.TestClockConfiguration;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestTokens;
import io.expoleads.testsupport.TopicWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running lead-service on the test infrastructure, with what its integration tests share (and
 * so share one application context): an organizer token, a fresh edition per test, and ways to
 * put exhibitors on {@code expo.exhibitors.v1} and attendees in the directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"expo.kafka.retry-attempts=1", "expo.kafka.retry-interval=100ms", "expo.web.max-request-size=8MB",
                "expo.leads.stream.heartbeat=1s",
                // An edition opened as a request arrives is waited for this long (2 s by default): room for a loaded test machine.
                "expo.read-models.arrival-wait=3s"})
@Import({ExpoTestInfrastructure.class, TestClockConfiguration.class})
public abstract class LeadServiceIT {


    protected static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    protected int port;
    @Autowired
    protected TestInfrastructure infrastructure;
    @Autowired
    protected MongoTemplate mongo;
    @Autowired
    protected BoothExhibitors exhibitors;
    @Autowired
    protected JsonMapper json;
    @Autowired
    protected EditionCalendar editions;
    @Autowired
    protected PersonalSeal seal;
    @Autowired
    protected TestClock clock;

    protected HttpJson http;
    protected HttpJson organizer;
    protected TopicWriter writer;
    /**
     * A fresh edition for each test, so tests never see each other's attendees; opened on
     * {@code expo.editions.v1} (its days around today) and known to lead-service before the test runs.
     */
    protected String edition;
    private long editionRevision;

    @BeforeEach
    void connectLeadService() {
        http = new HttpJson("http://localhost:" + port);
        organizer = http.bearer(TestTokens.get().organizer());
        writer = new TopicWriter(infrastructure.kafkaBootstrapServers());
        edition = UUID.randomUUID().toString();
        editionRevision = 0;
        if (opensItsEdition()) {
            publishEdition(LocalDate.now().minusDays(1), LocalDate.now().plusDays(1), "Africa/Casablanca");
        }
    }

    /** Whether the test's edition is opened before it runs; a test of the edition read model itself opens it. */
    protected boolean opensItsEdition() {
        return true;
    }

    @AfterEach
    void disconnectLeadService() {
        clock.reset();
        writer.close();
    }

    /** An approved exhibitor of this test's edition, with staff amine and salma and device-1, known to lead-service. */
    protected String approvedExhibitor() {
        return exhibitorInState(ExhibitorStatus.APPROVED);
    }

    protected String exhibitorInState(ExhibitorStatus status) {
        String exhibitor = UUID.randomUUID().toString();
        publishExhibitor(exhibitorView(exhibitor, status, 2, null));
        await().atMost(WAIT).until(() -> exhibitors.find(exhibitor).map(known -> known.status() == status).orElse(false));
        return exhibitor;
    }

    protected ExhibitorView exhibitorView(String exhibitor, ExhibitorStatus status, long revision, QualificationForm form) {
        return new ExhibitorView(exhibitor, edition, revision, status, "Atlas Mobility", "MA", "fr",
                "B-12", 4, List.of("sales@atlas-mobility.ma"), List.of("amine", "salma"), List.of("device-1"), form, null,
                "admin@atlas-mobility.ma", Map.of("amine", "Amine Alaoui", "salma", "Salma Bennani", "device-1", "Booth phone"));
    }

    protected void publishExhibitor(ExhibitorView view) {
        writer.send(Topics.EXHIBITORS, view.exhibitorId(), exhibitorEvent(view));
    }

    protected String exhibitorEvent(ExhibitorView view) {
        return json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), "ExhibitorApproved", Instant.now(),
                view.editionId(), view.exhibitorId(), view));
    }

    /** Imports one registration into this test's edition and answers the attendee id. */
    protected String importAttendee(String registrationId, String firstName, boolean shareContact) {
        HttpJson.Answer report = organizer.post("/api/editions/" + edition + "/attendees/import", HttpJson.json(List.of(Map.of(
                "registrationId", registrationId, "firstName", firstName, "lastName", "El Amrani",
                "company", "Casa Transport", "email", registrationId.toLowerCase() + "@visitors.example",
                "shareContact", shareContact))));
        assertThat(report.status()).as(report.text()).isEqualTo(200);
        return report.json().get("attendees").get(0).get("attendeeId").asString();
    }

    /** The signed payload of the attendee's current badge, as printed in its QR code. */
    protected String badgeOf(String attendeeId) {
        HttpJson.Answer badge = organizer.get("/api/attendees/" + attendeeId + "/badge?format=json");
        assertThat(badge.status()).as(badge.text()).isEqualTo(200);
        return badge.field("payload");
    }

    /**
     * Puts this test's edition on {@code expo.editions.v1}, opened or changed to these dates, and
     * waits until lead-service knows them.
     */
    protected void publishEdition(LocalDate startDate, LocalDate endDate, String timeZone) {
        long revision = ++editionRevision;
        EditionView view = new EditionView(edition, revision, "Smart City Expo Casablanca", startDate, endDate, timeZone);
        writer.send(Topics.EDITIONS, edition, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                revision == 1 ? "EditionOpened" : "EditionChanged", Instant.now(), edition, edition, view)));
        await().atMost(WAIT).until(() -> editions.find(edition).map(known -> known.startDate().equals(startDate)
                && known.endDate().equals(endDate) && known.timeZone().equals(timeZone)).orElse(false));
    }

    /** Puts this edition view on {@code expo.editions.v1} and waits until lead-service knows it. */
    protected void publishEdition(EditionView view) {
        String edition = view.editionId();
        writer.send(Topics.EDITIONS, edition, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                view.revision() == 1 ? "EditionOpened" : "EditionChanged", Instant.now(), edition, edition, view)));
        await().atMost(WAIT).until(() -> editions.purgeAt(edition).map(view.purgeDue()::equals).orElse(false));
    }

    /** Another edition, opened on {@code expo.editions.v1} (its days around today) and known to lead-service. */
    protected String openEdition() {
        String other = UUID.randomUUID().toString();
        EditionView view = new EditionView(other, 1, "Another edition", LocalDate.now().minusDays(1), LocalDate.now().plusDays(1),
                "Africa/Casablanca");
        writer.send(Topics.EDITIONS, other, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), "EditionOpened",
                Instant.now(), other, other, view)));
        await().atMost(WAIT).until(() -> editions.find(other).isPresent());
        return other;
    }

    /** One scan by a staff member, now, with nothing but the badge. */
    protected HttpJson.Answer scan(String exhibitor, String staffId, String scanId, String badge) {
        return staff(exhibitor, staffId).post("/api/scans", HttpJson.json(Map.of("scanId", scanId, "badge", badge,
                "scannedAt", Instant.now().toString())));
    }

    protected HttpJson device(String exhibitor, String deviceId) {
        return http.bearer(TestTokens.get().device(exhibitor, deviceId));
    }

    protected HttpJson staff(String exhibitor, String staffId) {
        return http.bearer(TestTokens.get().staff(exhibitor, staffId));
    }

    protected HttpJson admin(String exhibitor) {
        return http.bearer(TestTokens.get().admin(exhibitor));
    }

    /** The payload of an {@code expo.attendees.v1} record, opened as a consumer opens it; empty when its key is gone. */
    protected java.util.Optional<AttendeeView> openedAttendee(String recordValue) {
        return seal.open(this.<AttendeeView>payload(recordValue, AttendeeView.class));
    }

    /** The payload of an {@code expo.leads.v1} record, opened; empty when its visitor's key is gone. */
    protected java.util.Optional<LeadView> openedLead(String recordValue) {
        return seal.open(this.<LeadView>payload(recordValue, LeadView.class));
    }

    /** The payload of an {@code expo.scans.v1} record, opened; empty when its visitor's key is gone. */
    protected java.util.Optional<ScanAccepted> openedScan(String recordValue) {
        return seal.open(this.<ScanAccepted>payload(recordValue, ScanAccepted.class));
    }

    protected <P> P payload(String recordValue, Class<P> type) {
        JavaType envelope = json.getTypeFactory().constructParametricType(EventEnvelope.class, type);
        EventEnvelope<P> event = json.readValue(recordValue, envelope);
        return event.payload();
    }
}
