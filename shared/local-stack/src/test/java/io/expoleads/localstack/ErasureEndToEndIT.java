package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A visitor's erasure across the whole system: the three services from their own jars, the real
 * broker and store. The visitor is scanned by two exhibitors, alerted to both by email and signed
 * webhook, exported, put in a digest, then erased; afterwards no record of any topic (DLTs
 * included) and no document of any collection of any service holds their name, email, phone,
 * company, job title or the staff's notes in clear (nor base64-encoded, as a file attachment would be).
 */
@ExtendWith(SharedStack.class)
class ErasureEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Test stacks look for due digests every 2 s ({@link TestStacks}): a digest due now is opened at the next check, then sent. */
    private static final Duration DIGEST_WAIT = Duration.ofSeconds(90);
    private static final ZoneId VENUE = ZoneId.of("Africa/Casablanca");

    static TestInfrastructure infrastructure;
    static LocalStack stack;
    static final List<CrmReceiver> crms = new ArrayList<>();

    @BeforeAll
    static void startAllThreeServices(LocalStack shared) {
        infrastructure = TestInfrastructure.get();
        stack = shared;
    }

    @AfterAll
    static void stop() {
        crms.forEach(CrmReceiver::close);
    }

    /** An approved exhibitor with a seat for Amine, its sales address, a daily digest and a CRM webhook. */
    private record Booth(String exhibitorId, String domain, HttpJson admin, String adminToken, HttpJson staff, CrmReceiver crm) {

        HttpJson adminOnLeads() {
            return new HttpJson(stack.leadUrl()).bearer(adminToken);
        }

        HttpJson adminOnNotifications() {
            return new HttpJson(stack.notificationUrl()).bearer(adminToken);
        }
    }

    @Test
    void an_erased_visitor_leaves_nothing_readable_in_any_topic_or_collection_of_any_service() throws Exception {
        String tag = randomLetters(6);
        HttpJson exhibitors = new HttpJson(stack.exhibitorUrl());
        HttpJson organizer = exhibitors.signedIn(stack.organizerUsername(), stack.organizerPassword());
        HttpJson leads = new HttpJson(stack.leadUrl()).bearer(token(exhibitors, stack.organizerUsername(), stack.organizerPassword()));

        HttpJson.Answer edition = organizer.post("/api/editions", HttpJson.json(Map.of(
                "name", "Smart City Expo Casablanca 2026", "venue", "OFEC Casablanca",
                "startDate", "2026-11-24", "endDate", "2026-11-26")));
        assertThat(edition.status()).isEqualTo(201);
        String editionId = edition.field("id");
        // Atlas has a daily digest, in the venue's time zone; a schedule counts from when
        // notification-service takes it, so it is in place before the scans. Its time is ten minutes
        // ahead, and once the leads are in, the due time is moved to now, as the clock would (DigestIT
        // does the same): waiting for a whole minute to come round, then for the next check, took minutes.
        String digestTime = ZonedDateTime.now(VENUE).truncatedTo(ChronoUnit.MINUTES).plusMinutes(10)
                .format(DateTimeFormatter.ofPattern("HH:mm"));
        Booth atlas = booth(exhibitors, organizer, editionId, "Atlas Mobility", "atlas-" + tag + ".example", digestTime);
        Booth tanger = booth(exhibitors, organizer, editionId, "Tanger Rail", "tanger-" + tag + ".example", null);
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoUri("notifications"))) {
            await().atMost(WAIT).until(() -> mongo.getDatabase("notifications").getCollection("digest_schedule")
                    .find(new Document("_id", atlas.exhibitorId())).first() != null);
        }

        // The visitor, each personal value unique to this run so nothing else in the shared store matches it.
        String firstName = "Zineb" + tag;
        String lastName = "Ouazzani" + tag;
        String company = "Casablanca Automotive " + tag;
        String jobTitle = "Head of Fleet " + tag;
        String email = "zineb." + tag + "@visitors.example";
        String phone = "+2126" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        String atlasNote = "Wants a tram pilot " + tag;
        String tangerNote = "Asked for the rail tender " + tag;
        List<String> personal = List.of(firstName, lastName, company, jobTitle, email, phone, atlasNote, tangerNote);
        HttpJson.Answer imported = TestBooth.importVisitors(leads, editionId, HttpJson.json(List.of(Map.of(
                "registrationId", "ER-" + tag, "firstName", firstName, "lastName", lastName, "company", company,
                "jobTitle", jobTitle, "email", email, "phone", phone, "country", "MA", "shareContact", true))));
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        String visitor = imported.json().get("attendees").get(0).get("attendeeId").asString();
        String badge = leads.get("/api/attendees/" + visitor + "/badge?format=json").field("payload");

        // Scanned by both exhibitors, with a note each.
        String atlasLead = scan(atlas, badge, atlasNote);
        String tangerLead = scan(tanger, badge, tangerNote);

        // Alerted by email and by signed webhook, to both.
        for (Booth booth : List.of(atlas, tanger)) {
            await().atMost(WAIT).until(() -> mailTo("sales@" + booth.domain(), "Nouveau lead") != null);
            assertThat(TestMailServer.body(mailTo("sales@" + booth.domain(), "Nouveau lead"))).contains(company);
            await().atMost(WAIT).until(() -> booth.crm().verified().stream().anyMatch(call -> call.body().contains("lead.captured")
                    && call.body().contains(lastName)));
        }
        // Exported by Atlas.
        HttpJson.Answer export = atlas.adminOnLeads().get("/api/exhibitors/" + atlas.exhibitorId() + "/leads/export?format=csv");
        assertThat(export.status()).as(export.text()).isEqualTo(200);
        assertThat(export.text()).contains(lastName, email);
        // In Atlas's digest: notification-service has both leads (their alerts went out), so the period
        // from the schedule's start to now holds them.
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoUri("notifications"))) {
            var schedules = mongo.getDatabase("notifications").getCollection("digest_schedule");
            Document schedule = schedules.find(new Document("_id", atlas.exhibitorId())).first();
            assertThat(schedule.getDate("dueAt")).as("the digest not yet due").isAfter(new Date());
            schedules.updateOne(new Document("_id", atlas.exhibitorId()), new Document("$set", new Document("dueAt", new Date())));
        }
        await().atMost(DIGEST_WAIT).until(() -> digestDelivery(atlas) != null);

        // The searches below can find what they look for: before the erasure, lead-service's store holds
        // the visitor in clear (it is the source), and the topics hold ids in clear (but nothing personal).
        Set<String> needles = needles(personal);
        assertThat(scanStores(needles)).as("the visitor in lead-service's store before the erasure").isNotEmpty();
        assertThat(scanTopics(Set.of(atlasLead))).as("ids travel in clear").isNotEmpty();
        assertThat(scanTopics(needles)).as("personal data never travels in clear, even before the erasure").isEmpty();

        // The erasure.
        Instant asked = Instant.now();
        HttpJson.Answer erasure = leads.post("/api/attendees/" + visitor + "/erasure", "{}");
        assertThat(erasure.status()).as(erasure.text()).isEqualTo(202);
        String erasureId = erasure.field("erasureId");
        await().atMost(WAIT).until(() -> "DONE".equals(leads.get("/api/erasures/" + erasureId).field("status")));
        Duration toDone = Duration.between(asked, Instant.now());
        JsonNode status = leads.get("/api/erasures/" + erasureId).json();
        System.out.printf("Erasure %s done %d ms after it was asked for%n", erasureId, toDone.toMillis());
        for (JsonNode part : status.get("services")) {
            System.out.printf("  %-22s took %6d ms, removed %s%n", part.get("service").asString(), part.get("tookMillis").asLong(),
                    part.get("removed"));
        }
        assertThat(status.get("services").findValuesAsString("service")).contains("lead-service", "notification-service");
        assertThat(toDone).as("every service within the minute").isLessThan(Duration.ofSeconds(60));
        assertThat(status.get("exportsHolding").findValuesAsString("exhibitorId")).containsExactly(atlas.exhibitorId());

        // Each CRM that had the lead is told to delete it, signed.
        for (Booth booth : List.of(atlas, tanger)) {
            String leadId = booth == atlas ? atlasLead : tangerLead;
            await().atMost(WAIT).until(() -> booth.crm().verified().stream().anyMatch(call -> call.body().contains("lead.erased")
                    && call.body().contains(leadId)));
            assertThat(booth.crm().refused()).isEmpty();
        }
        // The badge is refused at the booth.
        HttpJson.Answer refused = atlas.staff().post("/api/scans", HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(),
                "badge", badge, "scannedAt", Instant.now().toString())));
        assertThat(refused.field("reason")).isEqualTo("ATTENDEE_ERASED");

        // Every record of every topic, DLTs included, and every collection of every service's database.
        List<String> topicFindings = scanTopics(needles);
        List<String> storeFindings = scanStores(needles);
        assertThat(topicFindings).as("records holding the erased visitor's data in clear").isEmpty();
        assertThat(storeFindings).as("documents holding the erased visitor's data in clear").isEmpty();
        // And what is sealed cannot be opened: the visitor's key is gone from both services holding one.
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoUri("leads"))) {
            Document key = mongo.getDatabase("leads").getCollection("visitor_keys").find(new Document("_id", visitor)).first();
            assertThat(key).isNotNull().doesNotContainKey("wrapped");
            assertThat(mongo.getDatabase("notifications").getCollection("visitor_keys").find(new Document("_id", visitor)).first())
                    .isNull();
        }
    }

    private Booth booth(HttpJson exhibitors, HttpJson organizer, String editionId, String company, String domain,
                        String digestTime) throws IOException {
        String adminEmail = "admin@" + domain;
        HttpJson.Answer application = exhibitors.post("/api/editions/" + editionId + "/exhibitors", HttpJson.json(Map.of(
                "companyName", company, "contactName", "Salma Benali", "contactEmail", adminEmail,
                "country", "MA", "language", "fr", "salesEmails", List.of("sales@" + domain), "password", "admin-passphrase-1")));
        assertThat(application.status()).as(application.text()).isEqualTo(201);
        String exhibitorId = application.field("id");
        HttpJson admin = exhibitors.signedIn(adminEmail, "admin-passphrase-1");
        assertThat(admin.post("/api/exhibitors/" + exhibitorId + "/submit", null).field("status")).isEqualTo("SUBMITTED");
        assertThat(organizer.post("/api/exhibitors/" + exhibitorId + "/approve", null).field("status")).isEqualTo("APPROVED");
        assertThat(organizer.put("/api/exhibitors/" + exhibitorId + "/seats", "{\"seats\":2}").status()).isEqualTo(200);
        assertThat(admin.put("/api/exhibitors/" + exhibitorId + "/notification-settings",
                HttpJson.json(settings(domain, digestTime == null ? "OFF" : "DAILY", digestTime))).status()).isEqualTo(200);
        String staffEmail = "amine@" + domain;
        assertThat(admin.post("/api/exhibitors/" + exhibitorId + "/staff",
                HttpJson.json(Map.of("email", staffEmail, "name", "Amine"))).status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> TestBooth.invitationCode(stack, staffEmail) != null);
        assertThat(exhibitors.post("/api/invitations/" + TestBooth.invitationCode(stack, staffEmail) + "/accept",
                "{\"password\":\"amine-passphrase-1\"}").status()).isEqualTo(200);
        HttpJson staff = new HttpJson(stack.leadUrl()).bearer(token(exhibitors, staffEmail, "amine-passphrase-1"));
        CrmReceiver crm = new CrmReceiver();
        crms.add(crm);
        HttpJson.Answer webhook = admin.post("/api/exhibitors/" + exhibitorId + "/webhooks", HttpJson.json(Map.of("url", crm.url())));
        assertThat(webhook.status()).as(webhook.text()).isEqualTo(201);
        crm.trust(webhook.field("secret"));
        return new Booth(exhibitorId, domain, admin, token(exhibitors, adminEmail, "admin-passphrase-1"), staff, crm);
    }

    private static Map<String, Object> settings(String domain, String digest, String digestTime) {
        Map<String, Object> body = new HashMap<>(Map.of("salesEmails", List.of("sales@" + domain), "alertOn", "ALL",
                "digest", digest, "exportFormat", "CSV"));
        if (digestTime != null) {
            body.put("digestTime", digestTime);
        }
        return body;
    }

    /** Scans the badge with a note once lead-service knows the exhibitor and its seat; answers the lead id. */
    private static String scan(Booth booth, String badge, String note) {
        String scan = HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", badge,
                "scannedAt", Instant.now().toString(), "rating", 5, "note", note));
        await().atMost(WAIT).until(() -> booth.staff().post("/api/scans", scan).status() == 202);
        return booth.staff().post("/api/scans", scan).field("leadId");
    }

    /** The exhibitor's digest delivery once sent, or null. */
    private static String digestDelivery(Booth booth) {
        HttpJson.Answer page = booth.adminOnNotifications().get("/api/exhibitors/" + booth.exhibitorId()
                + "/deliveries?kind=DIGEST&status=SUCCEEDED");
        if (page.status() != 200 || page.json().get("items").isEmpty()) {
            return null;
        }
        return page.json().get("items").get(0).get("id").asString();
    }

    private static MimeMessage mailTo(String address, String subjectStart) {
        for (MimeMessage message : stack.mail().getReceivedMessages()) {
            if (address.equals(TestMailServer.recipient(message)) && TestMailServer.subject(message).startsWith(subjectStart)) {
                return message;
            }
        }
        return null;
    }

    private static String token(HttpJson exhibitors, String username, String password) {
        return exhibitors.post("/api/auth/token", HttpJson.json(Map.of("username", username, "password", password)))
                .field("accessToken");
    }

    /**
     * Each value as it would show in clear text, and base64-encoded at each of the three byte
     * alignments (as in a file attached to a mail or a BSON binary): the characters that depend on
     * the value's bytes only.
     */
    static Set<String> needles(List<String> values) {
        Set<String> needles = new LinkedHashSet<>();
        for (String value : values) {
            needles.add(value);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            for (int offset = 0; offset < 3; offset++) {
                byte[] shifted = new byte[offset + bytes.length];
                System.arraycopy(bytes, 0, shifted, offset, bytes.length);
                String encoded = Base64.getEncoder().encodeToString(shifted);
                int from = (offset * 8 + 5) / 6;
                int to = ((offset + bytes.length) * 8) / 6;
                needles.add(encoded.substring(from, to));
            }
        }
        return needles;
    }

    private static List<String> findings(String where, String text, Set<String> needles) {
        List<String> found = new ArrayList<>();
        for (String needle : needles) {
            if (text.contains(needle)) {
                found.add(where + " holds \"" + needle + "\"");
            }
        }
        return found;
    }

    /** Reads every record of every topic of the broker, internal ones aside, from the beginning to the end. */
    private static List<String> scanTopics(Set<String> needles) throws Exception {
        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        Set<String> topics;
        try (Admin admin = Admin.create(adminConfig)) {
            topics = admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get();
        }
        assertThat(topics).contains("expo.leads.v1", "expo.leads.v1.DLT", "expo.visitor-keys.v1", "expo.erasures.v1");
        List<String> found = new ArrayList<>();
        int records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                assertThat(System.nanoTime()).as("every topic read within a minute").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
                    StringBuilder text = new StringBuilder();
                    if (record.key() != null) {
                        text.append(new String(record.key(), StandardCharsets.UTF_8)).append('\n');
                    }
                    if (record.value() != null) {
                        text.append(new String(record.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                    for (Header header : record.headers()) {
                        text.append(header.key()).append('=').append(header.value() == null ? ""
                                : new String(header.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                    found.addAll(findings(where, text.toString(), needles));
                }
            }
        }
        System.out.printf("Read %d records of %d topics%n", records, topics.size());
        return found;
    }

    /** Reads every document of every collection of the three services' databases. */
    private static List<String> scanStores(Set<String> needles) {
        List<String> found = new ArrayList<>();
        int documents = 0;
        try (MongoClient mongo = MongoClients.create(infrastructure.mongoUri("leads"))) {
            for (String name : List.of("exhibitors", "leads", "notifications")) {
                MongoDatabase database = mongo.getDatabase(name);
                for (String collection : database.listCollectionNames()) {
                    for (Document document : database.getCollection(collection).find()) {
                        documents++;
                        found.addAll(findings(name + "." + collection + " " + document.get("_id"), document.toJson(), needles));
                    }
                }
            }
        }
        System.out.printf("Read %d documents of the three services' databases%n", documents);
        return found;
    }

    private static String randomLetters(int count) {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return letters.toString();
    }
}
