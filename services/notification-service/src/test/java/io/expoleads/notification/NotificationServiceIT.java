package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import io.expoleads.events.AttendeeView;
import io.expoleads.events.EditionView;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadView;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.NotificationSettings.HotLeadRule;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.Topics;
import io.expoleads.events.VisitorKey;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.notification.webhook.WebhookDirectory;
import io.expoleads.platform.privacy.KeyEncryptionKey;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.platform.privacy.VisitorKeys;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestClock;
import io.expoleads.testsupport.TestClockConfiguration;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestMailServer;
import io.expoleads.testsupport.TestTokens;
import io.expoleads.testsupport.TopicReader;
import io.expoleads.testsupport.TopicWriter;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the integration tests of notification-service share: the real broker, store and SMTP
 * server, an edition in Africa/Casablanca, and writers of the events this service consumes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Retries on production's schedule (5 s doubling to 2 h, for 25 h), counted on the service's
        // TestClock: a test that needs a retry or the window's end moves the clock, none waits for them.
        "expo.deliveries.poll=200ms", "expo.digests.check-interval=300ms", "expo.alerts.release-sweep=500ms",
        // The tests' webhook receivers listen on this machine.
        "expo.webhooks.allow-loopback=true", "expo.webhooks.timeout=2s"})
@Import({ExpoTestInfrastructure.class, TestClockConfiguration.class})
public abstract class NotificationServiceIT {

    /**
     * The deployment (database and consumer groups, {@link ExpoTestInfrastructure#INSTANCE_OF}) of the tests
     * whose outages last in real time, with retries every 200 ms to 2 s and short mail timeouts:
     * HungReceiverIsolationIT's two instances, and SmtpOutageIT on the same application context.
     */
    public static final String REAL_TIME_DEPLOYMENT = "real-time-outages";


    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final Map<String, String> TEAM = Map.of("amine", "Amine Alaoui", "salma", "Salma Bennani");

    @Autowired
    protected TestInfrastructure infrastructure;
    @Autowired
    protected SalesRoutings routings;
    @Autowired
    protected EditionZones zones;
    @Autowired
    protected JsonMapper json;
    @Autowired
    protected MongoTemplate mongo;
    @Autowired
    protected WebhookDirectory webhooks;
    @LocalServerPort
    protected int port;
    @Autowired
    protected TestClock clock;

    @Autowired
    protected MongoClient mongoClient;

    protected TopicWriter writer;
    protected TopicReader deliveries;
    protected String edition;
    /** Visitors' keys as lead-service keeps them (in a database of their own), and its seal. */
    protected VisitorKeys leadServiceKeys;
    protected PersonalSeal leadServiceSeal;

    @BeforeEach
    void connect() {
        leadServiceKeys = new VisitorKeys(new MongoTemplate(mongoClient, "lead-service-keys"),
                KeyEncryptionKey.parse(ExpoTestInfrastructure.keyEncryptionKey()), Duration.ofSeconds(30), Clock.systemUTC());
        leadServiceSeal = new PersonalSeal(leadServiceKeys, json);
        writer = new TopicWriter(infrastructure.kafkaBootstrapServers());
        deliveries = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.DELIVERIES);
        edition = UUID.randomUUID().toString();
        writer.send(Topics.EDITIONS, edition, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), EventTypes.EDITION_OPENED,
                Instant.now(), edition, edition, new EditionView(edition, 1, "Smart City Expo Casablanca",
                        LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 26), "Africa/Casablanca"))));
        await().atMost(WAIT).until(() -> !zones.zone(edition).getId().equals("Z"));
    }

    @AfterEach
    void disconnect() {
        clock.reset();
        writer.close();
        deliveries.close();
    }

    /** The exhibitor's admin, calling this service's API. */
    protected HttpJson admin(String exhibitor) {
        return new HttpJson("http://localhost:" + port).bearer(TestTokens.get().admin(exhibitor));
    }

    protected void publishWebhooks(String exhibitor, long revision, List<WebhookEndpoints.Endpoint> endpoints) {
        writer.send(Topics.WEBHOOKS, exhibitor, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                EventTypes.WEBHOOKS_CHANGED, Instant.now(), edition, exhibitor, new WebhookEndpoints(exhibitor, revision, endpoints))));
    }

    protected String knownExhibitor(String language, String... salesEmails) {
        return knownExhibitor(language, null, salesEmails);
    }

    protected String knownExhibitor(String language, NotificationSettings settings, String... salesEmails) {
        String exhibitor = UUID.randomUUID().toString();
        publishExhibitor(exhibitor, ExhibitorStatus.APPROVED, 3, language, settings, salesEmails);
        await().atMost(WAIT).until(() -> routings.find(exhibitor).isPresent());
        return exhibitor;
    }

    protected static NotificationSettings alertOn(String mode, HotLeadRule rule, String... salesEmails) {
        return new NotificationSettings(List.of(salesEmails), mode, rule, "OFF", null, "CSV");
    }

    protected void publishExhibitor(String exhibitor, ExhibitorStatus status, long revision, String language, String... salesEmails) {
        publishExhibitor(exhibitor, status, revision, language, null, salesEmails);
    }

    protected void publishExhibitor(String exhibitor, ExhibitorStatus status, long revision, String language,
                                    NotificationSettings settings, String... salesEmails) {
        publishExhibitor(exhibitor, status, revision, language, settings, null, salesEmails);
    }

    protected void publishExhibitor(String exhibitor, ExhibitorStatus status, long revision, String language,
                                    NotificationSettings settings, QualificationForm form, String... salesEmails) {
        ExhibitorView view = new ExhibitorView(exhibitor, edition, revision, status, "Atlas Mobility", "MA",
                language, "B-12", 4, List.of(salesEmails), List.of("amine", "salma"), List.of(), form, settings,
                "admin@atlas-mobility.ma", TEAM);
        writer.send(Topics.EXHIBITORS, exhibitor, json.writeValueAsString(
                EventEnvelope.of(UUID.randomUUID(), EventTypes.EXHIBITOR_APPROVED, Instant.now(), edition, exhibitor, view)));
    }

    protected void publishLead(String exhibitor, String leadId, String type, UUID eventId) {
        publishLead(exhibitor, leadId, type, eventId, "Youssef", null, List.of(), Map.of());
    }

    protected void publishLead(String exhibitor, String leadId, String type, UUID eventId, String firstName, Integer rating,
                               List<String> tags, Map<String, Object> answers) {
        publishLead(lead(exhibitor, leadId, firstName, rating, tags, answers, Instant.now()), type, eventId);
    }

    protected LeadView lead(String exhibitor, String leadId, String firstName, Integer rating, List<String> tags,
                            Map<String, Object> answers, Instant scannedAt) {
        AttendeeView attendee = new AttendeeView("att-" + leadId, edition, "R-1", firstName, "El Amrani",
                "Casa Transport", "CTO", "youssef@casatransport.ma", "+212 600 000 000", "MA", true);
        return new LeadView(leadId, exhibitor, edition, 1, attendee, 1, scannedAt, scannedAt, "amine",
                List.of("amine", "salma"), rating, 1, answers, tags, false,
                List.of(new LeadNote("amine", "Wants a demo & a quote", scannedAt)), null);
    }

    /**
     * Publishes the lead event as lead-service does: its visitor's key on {@code expo.visitor-keys.v1}
     * first (once; this returns when the service keeps it), then the event with the lead sealed.
     */
    protected void publishLead(LeadView lead, String type, UUID eventId) {
        publishVisitorKey(lead.attendee().attendeeId());
        publishSealed(lead, type, eventId, Instant.now());
    }

    /** The lead event, its lead sealed under the visitor's key as lead-service seals it, whether the key was published or not. */
    protected void publishSealed(LeadView lead, String type, UUID eventId, Instant occurredAt) {
        writer.send(Topics.LEADS, lead.exhibitorId(), json.writeValueAsString(
                EventEnvelope.of(eventId, type, occurredAt, lead.editionId(), lead.leadId(), leadServiceSeal.seal(lead))));
    }

    /**
     * The visitor's key, issued as lead-service issues it and published on {@code expo.visitor-keys.v1}
     * unless this service keeps it already; returns once it does.
     */
    protected void publishVisitorKey(String attendeeId) {
        VisitorKey key = leadServiceKeys.issue(attendeeId, edition);
        if (!mongo.exists(Query.query(Criteria.where("_id").is(attendeeId)), VisitorKeys.COLLECTION)) {
            writer.send(Topics.VISITOR_KEYS, attendeeId, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                    EventTypes.VISITOR_KEY_ISSUED, key.createdAt(), key.editionId(), attendeeId, key)));
            await().atMost(WAIT).until(() -> mongo.exists(Query.query(Criteria.where("_id").is(attendeeId)), VisitorKeys.COLLECTION));
        }
    }

    /** Leads published together, and when. */
    protected record LeadBurst(List<LeadView> leads, Instant publishedAt) {

        public List<String> leadIds() {
            return leads.stream().map(LeadView::leadId).toList();
        }
    }

    /**
     * {@code each} new leads for every exhibitor, their visitors named {@code name} and a number,
     * published at once as lead-service relays an offline phone's queue, each sealed under its
     * visitor's key; the keys are published first (at registration, long before a scan) and kept by
     * the service before the leads go.
     */
    protected LeadBurst publishBurst(List<String> exhibitors, int each, String name) {
        List<LeadView> leads = new ArrayList<>();
        List<Map.Entry<String, String>> keys = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (String exhibitor : exhibitors) {
                LeadView lead = lead(exhibitor, UUID.randomUUID().toString(), name + i, 4, List.of(), Map.of(), Instant.now());
                leads.add(lead);
                VisitorKey key = leadServiceKeys.issue(lead.attendee().attendeeId(), edition);
                keys.add(Map.entry(key.attendeeId(), json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                        EventTypes.VISITOR_KEY_ISSUED, key.createdAt(), edition, key.attendeeId(), key))));
            }
        }
        writer.sendAll(Topics.VISITOR_KEYS, keys);
        List<String> visitors = keys.stream().map(Map.Entry::getKey).toList();
        await().atMost(WAIT).until(() -> mongo.getCollection(VisitorKeys.COLLECTION)
                .countDocuments(new org.bson.Document("_id", new org.bson.Document("$in", visitors))) == visitors.size());
        List<Map.Entry<String, String>> events = new ArrayList<>();
        for (LeadView lead : leads) {
            events.add(Map.entry(lead.exhibitorId(), json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(),
                    EventTypes.LEAD_CAPTURED, Instant.now(), edition, lead.leadId(), leadServiceSeal.seal(lead)))));
        }
        Instant publishedAt = Instant.now();
        writer.sendAll(Topics.LEADS, events);
        return new LeadBurst(List.copyOf(leads), publishedAt);
    }

    /**
     * Takes out of this context's delivery queue (the log's unfinished deliveries) what it opened for other tests' leads. Every context
     * reads the shared broker's topics from their start, so it alerts again the leads of the tests run
     * before it, whose receivers are long closed: their retries, on the production schedule (or a
     * test's own), would load the very service the test measures. Waits first until no more
     * deliveries are being opened (the topics read to their end).
     */
    protected void dropOtherTestsDeliveries(Collection<String> ownExhibitors) {
        java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(-1);
        await().atMost(Duration.ofMinutes(1)).during(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    long opened = mongo.getCollection("deliveries").countDocuments();
                    return last.getAndSet(opened) == opened;
                });
        org.bson.Document queued = new org.bson.Document("nextAttemptAt", new org.bson.Document("$exists", true));
        for (org.bson.Document entry : mongo.getCollection("deliveries").find(queued).into(new ArrayList<>())) {
            String lane = entry.getString("lane");
            if (lane != null && ownExhibitors.stream().noneMatch(lane::contains)) {
                // Its attempts counted up too, so that an attempt under way records nothing and does not queue it again.
                mongo.getCollection("deliveries").updateOne(new org.bson.Document("_id", entry.get("_id")), new org.bson.Document("$unset",
                        new org.bson.Document("nextAttemptAt", "").append("lane", "").append("leaseUntil", ""))
                        .append("$inc", new org.bson.Document("attempts", 1)));
            }
        }
    }

    /**
     * Moves the service's clock to the delivery's next attempt, or {@code atLeast} on if that is
     * further, when the delivery waits for one (queued, not due yet, no attempt under way): its retry
     * falls due at once instead of after its back-off. Never during an attempt, whose lease the move
     * would end early (another worker would make the attempt again). Whether it moved.
     */
    protected boolean moveClockToNextAttempt(String deliveryId, Duration atLeast) {
        org.bson.Document queued = mongo.findOne(Query.query(Criteria.where("_id").is(deliveryId)), org.bson.Document.class,
                "deliveries");
        if (queued == null || queued.get("leaseUntil") != null || !(queued.get("nextAttemptAt") instanceof java.util.Date due)) {
            return false;
        }
        Instant now = clock.instant();
        if (!due.toInstant().isAfter(now)) {
            return false;
        }
        Duration toDue = Duration.between(now, due.toInstant());
        clock.moveForward(toDue.compareTo(atLeast) >= 0 ? toDue : atLeast);
        return true;
    }

    /**
     * Waits until {@code done}, meanwhile moving the service's clock to each next attempt of the
     * delivery (at least {@code step} on), so its retries come without their back-off's wait.
     */
    protected void awaitRetries(String deliveryId, Duration step, java.util.concurrent.Callable<Boolean> done) {
        await().atMost(WAIT).until(() -> {
            if (done.call()) {
                return true;
            }
            moveClockToNextAttempt(deliveryId, step);
            return false;
        });
    }

    /** The value at that percentile (nearest rank) of sorted values; -1 when there are none. */
    protected static long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    protected List<MimeMessage> awaitEmails(String text, int count) {
        await().atMost(WAIT).until(() -> emailsAbout(text).size() >= count);
        return emailsAbout(text);
    }

    protected static List<MimeMessage> emailsAbout(String text) {
        return TestMailServer.messagesContaining(text);
    }

    protected static String recipient(MimeMessage message) {
        return TestMailServer.recipient(message);
    }

    protected static String subject(MimeMessage message) {
        return TestMailServer.subject(message);
    }

    /** The decoded text of the message's part of that content type (text/plain or text/html). */
    protected static String part(MimeMessage message, String contentType) {
        String text = TestMailServer.part(message, contentType);
        assertThat(text).as("the %s part", contentType).isNotNull();
        return text;
    }
}
