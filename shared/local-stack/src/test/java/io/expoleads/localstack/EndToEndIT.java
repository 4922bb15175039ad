package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.expoleads.events.Topics;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestMailServer;
import io.expoleads.testsupport.TopicReader;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One lead travelling through all three services, each running from its own jar as its own
 * process, against the test infrastructure's broker and store and the stack's mail server.
 */
@ExtendWith(SharedStack.class)
class EndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static TestInfrastructure infrastructure;
    static LocalStack stack;
    static CrmReceiver crm;

    @BeforeAll
    static void startAllThreeServices(LocalStack shared) throws Exception {
        infrastructure = TestInfrastructure.get();
        crm = new CrmReceiver();
        stack = shared;
    }

    @AfterAll
    static void stop() {
        if (crm != null) {
            crm.close();
        }
    }

    @Test
    void a_scan_at_an_approved_exhibitors_booth_reaches_its_sales_team_by_email_and_signed_webhook() throws Exception {
        HttpJson exhibitors = new HttpJson(stack.exhibitorUrl());
        HttpJson organizer = exhibitors.signedIn(stack.organizerUsername(), stack.organizerPassword());
        HttpJson leads = new HttpJson(stack.leadUrl());

        // 1. The organizer opens an edition; an exhibitor applies, submits and is approved.
        HttpJson.Answer edition = organizer.post("/api/editions", HttpJson.json(Map.of(
                "name", "Smart City Expo Casablanca 2026", "venue", "OFEC Casablanca",
                "startDate", "2026-11-24", "endDate", "2026-11-26")));
        assertThat(edition.status()).isEqualTo(201);
        String editionId = edition.field("id");
        HttpJson.Answer application = exhibitors.post("/api/editions/" + editionId + "/exhibitors", HttpJson.json(Map.of(
                "companyName", "Atlas Mobility", "contactName", "Salma Benali", "contactEmail", "salma@atlas-mobility.ma",
                "country", "MA", "language", "fr", "salesEmails", List.of("sales@atlas-mobility.ma"),
                "password", "atlas-admin-passphrase")));
        assertThat(application.status()).isEqualTo(201);
        String exhibitorId = application.field("id");
        HttpJson admin = exhibitors.signedIn("salma@atlas-mobility.ma", "atlas-admin-passphrase");
        assertThat(admin.post("/api/exhibitors/" + exhibitorId + "/submit", null).field("status")).isEqualTo("SUBMITTED");
        assertThat(organizer.post("/api/exhibitors/" + exhibitorId + "/approve", null).field("status")).isEqualTo("APPROVED");

        // The exhibitor gets two seats; its admin invites a staff member, who accepts and signs in.
        assertThat(organizer.put("/api/exhibitors/" + exhibitorId + "/seats", "{\"seats\":2}").status()).isEqualTo(200);
        assertThat(admin.post("/api/exhibitors/" + exhibitorId + "/staff",
                HttpJson.json(Map.of("email", "amine@atlas-mobility.ma", "name", "Amine"))).status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> TestBooth.invitationCode(stack, "amine@atlas-mobility.ma") != null);
        String code = TestBooth.invitationCode(stack, "amine@atlas-mobility.ma");
        assertThat(exhibitors.post("/api/invitations/" + code + "/accept", "{\"password\":\"amine-passphrase-1\"}").status())
                .isEqualTo(200);
        // Through the web tier, as the booth scanner's phone does: where the scan's trace begins.
        HttpJson staff = new HttpJson(stack.webUrl()).bearer(exhibitors.post("/api/auth/token",
                HttpJson.json(Map.of("username", "amine@atlas-mobility.ma", "password", "amine-passphrase-1"))).field("accessToken"));

        // The sales team's CRM: a webhook, its secret shown once to the admin (the local stack allows loopback).
        HttpJson.Answer webhook = admin.post("/api/exhibitors/" + exhibitorId + "/webhooks", HttpJson.json(Map.of("url", crm.url())));
        assertThat(webhook.status()).isEqualTo(201);
        crm.trust(webhook.field("secret"));
        Instant scanAccepted;
        String scanId;

        try (TopicReader topics = new TopicReader(infrastructure.kafkaBootstrapServers(),
                Topics.EXHIBITORS, Topics.SCANS, Topics.LEADS)) {
            assertThat(topics.await(record -> exhibitorId.equals(record.key()) && record.value().contains("ExhibitorApproved"), WAIT)
                    .topic()).isEqualTo(Topics.EXHIBITORS);

            // 3. An attendee is registered in lead-service.
            HttpJson.Answer imported = TestBooth.importVisitors(leads.bearer(organizerToken(exhibitors)), editionId, HttpJson.json(List.of(Map.of(
                    "registrationId", "R-1001", "firstName", "Youssef", "lastName", "El Amrani",
                    "company", "Casa Transport", "email", "youssef@casatransport.ma", "shareContact", true))));
            assertThat(imported.status()).isEqualTo(200);
            String attendeeId = imported.json().get("attendees").get(0).get("attendeeId").asString();

            // 4. The staff member scans the badge; 202 once lead-service's read model knows the
            //    approval and the staff member's seat (2.).
            scanId = UUID.randomUUID().toString();
            String badge = leads.bearer(organizerToken(exhibitors)).get("/api/attendees/" + attendeeId + "/badge?format=json")
                    .field("payload");
            String scan = HttpJson.json(Map.of("scanId", scanId, "badge", badge, "scannedAt", "2026-11-24T10:15:00Z"));
            await().atMost(WAIT).until(() -> staff.post("/api/scans", scan).status() == 202);
            scanAccepted = Instant.now();
            assertThat(topics.all(record -> record.topic().equals(Topics.SCANS) && record.value().contains(scanId))).hasSize(1);

            ConsumerRecord<String, String> captured = topics.await(record -> record.topic().equals(Topics.LEADS)
                    && record.value().contains("LeadCaptured") && record.value().contains(attendeeId), WAIT);
            assertThat(captured.key()).isEqualTo(exhibitorId);
            try (MongoClient mongo = MongoClients.create(infrastructure.mongoUri("leads"))) {
                List<Document> stored = mongo.getDatabase("leads").getCollection("leads")
                        .find(new Document("exhibitorId", exhibitorId)).into(new java.util.ArrayList<>());
                assertThat(stored).hasSize(1);
                assertThat(stored.get(0).getString("attendeeId")).isEqualTo(attendeeId);
                assertThat(stored.get(0).getInteger("scanCount")).isEqualTo(1);
            }
        }

        // Revoking the staff member stops their scans everywhere within moments (well inside a minute).
        String staffId = admin.get("/api/exhibitors/" + exhibitorId + "/staff").json().get("staff").get(0).get("staffId").asString();
        assertThat(admin.delete("/api/exhibitors/" + exhibitorId + "/staff/" + staffId).status()).isEqualTo(200);
        String afterRevocation = HttpJson.json(Map.of("scanId", UUID.randomUUID().toString(), "badge", "any-badge",
                "scannedAt", "2026-11-24T10:20:00Z"));
        await().atMost(Duration.ofSeconds(60)).until(() -> staff.post("/api/scans", afterRevocation).status() == 403);

        // 5. notification-service emails the sales address; read it back from the mail server.
        await().atMost(WAIT).until(() -> leadEmail(stack.mail().getReceivedMessagesForDomain("atlas-mobility.ma")) != null);
        MimeMessage email = leadEmail(stack.mail().getReceivedMessagesForDomain("atlas-mobility.ma"));
        assertThat(email.getAllRecipients()[0].toString()).isEqualTo("sales@atlas-mobility.ma");
        assertThat(email.getSubject()).isEqualTo("Nouveau lead : Youssef El Amrani (Casa Transport)");
        assertThat(TestMailServer.body(email)).contains("Casa Transport").contains("Scanné par: Amine");

        // ...and the CRM got the lead, signed, once.
        await().atMost(WAIT).until(() -> !crm.verified().isEmpty());
        CrmReceiver.Call call = crm.verified().get(0);
        assertThat(call.body()).contains("\"type\":\"lead.captured\"").contains("Casa Transport").contains("\"scannedByNames\":[\"Amine\"]");
        assertThat(crm.refused()).isEmpty();
        System.out.printf("Scan accepted to the sales team's CRM: webhook verified %d ms later%n",
                Duration.between(scanAccepted, call.arrivedAt()).toMillis());
        assertThat(Duration.between(scanAccepted, call.arrivedAt())).as("within seconds of the scan").isLessThan(Duration.ofSeconds(10));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> crm.verified().size() == 1);
        oneTraceFromTheScannerToTheCrm(call, scanId);
        assertThat(TraceCollector.get().all()).as("spans holding the staff member's invitation code")
                .noneMatch(span -> span.attributes().values().stream().anyMatch(value -> value.contains(code)));

        // 6. The admin exports the leads, and a record that is no scan lands on expo.scans.v1: an operator
        //    sees all of it in the metrics of every process, in the fair's words, with nothing personal.
        String adminToken = exhibitors.post("/api/auth/token",
                HttpJson.json(Map.of("username", "salma@atlas-mobility.ma", "password", "atlas-admin-passphrase"))).field("accessToken");
        HttpJson adminAtLeads = new HttpJson(stack.leadUrl()).bearer(adminToken);
        // The stack is shared with other tests: what this one adds is counted from here.
        StackMetrics leadBefore = StackMetrics.scrape("lead-service", stack.leadUrl());
        HttpJson.Answer export = adminAtLeads.get("/api/exhibitors/" + exhibitorId + "/leads/export?format=csv");
        assertThat(export.status()).isEqualTo(200);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SCANS, exhibitorId, "not a scan event")).get();
        }
        // The web tier proxies a request naming an edition: its metrics too must not name it.
        assertThat(new HttpJson(stack.webUrl()).bearer(organizerToken(exhibitors)).get("/api/editions/" + editionId).status())
                .isEqualTo(200);
        // ...and a search for the visitor by name: neither may its spans.
        assertThat(new HttpJson(stack.webUrl()).bearer(adminToken)
                .get("/api/exhibitors/" + exhibitorId + "/leads?q=Youssef").status()).isEqualTo(200);
        operatorSeesItInTheMetrics(leadBefore);
        await().atMost(WAIT).untilAsserted(() -> assertThat(TraceCollector.get().all())
                .as("the web tier's call to lead-service for the search, named without its query")
                .anyMatch(span -> span.service().equals("web-app") && span.kind() == TraceCollector.Kind.CLIENT
                        && (exhibitorId + "/leads").equals(lastTwoSegments(span.attribute("http.url")))));
        assertThat(TraceCollector.get().all()).as("spans holding the visitor's name, company or address")
                .noneMatch(span -> span.attributes().values().stream().anyMatch(value -> value.contains("Youssef")
                        || value.contains("Amrani") || value.contains("Casa Transport") || value.contains("casatransport")));
    }

    /**
     * The CRM's call is the end of one trace that began at the scanner's request to the web tier: its
     * traceparent names a span of notification-service whose parents, exported by each process to the
     * stack's trace receiver, lead back through both Kafka hops and both outbox relays to that request.
     * The lead's email is in the same trace, under the same alert.
     */
    private static void oneTraceFromTheScannerToTheCrm(CrmReceiver.Call call, String scanId) {
        long started = System.nanoTime();
        // Version 00, the trace's id, the caller's span id, flags with the sampled bit (01) set.
        assertThat(call.traceparent()).as("the webhook call's traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f][13579bdf]");
        String traceId = call.traceparent().split("-")[1];
        String webhookSpanId = call.traceparent().split("-")[2];
        await().atMost(WAIT).untilAsserted(() -> {
            List<TraceCollector.ExportedSpan> trace = TraceCollector.get().trace(traceId);
            Map<String, TraceCollector.ExportedSpan> byId = new java.util.HashMap<>();
            trace.forEach(span -> byId.put(span.spanId(), span));
            String spans = describe(trace) + "exports the receiver could not read: " + TraceCollector.get().refused();
            assertThat(byId).as("the webhook call's span, among\n" + spans).containsKey(webhookSpanId);
            List<TraceCollector.ExportedSpan> chain = ancestry(byId.get(webhookSpanId), byId, spans);
            TraceCollector.ExportedSpan root = chain.get(chain.size() - 1);
            assertThat(root.service() + " " + root.kind() + " " + root.attribute("http.url"))
                    .as("the trace's root, in\n" + spans).startsWith("web-app SERVER");
            // Between the processes' own internal spans (security, the attempt), the hops in order from the CRM back to the scanner.
            assertThat(chain.stream().filter(span -> span.kind() != TraceCollector.Kind.INTERNAL)
                    .map(span -> span.service() + " " + span.kind()).toList()).as("the chain from the webhook call up, in\n" + spans)
                    .containsExactly("notification-service CLIENT", "notification-service CONSUMER", "lead-service PRODUCER",
                            "lead-service CONSUMER", "lead-service PRODUCER", "lead-service SERVER", "web-app CLIENT", "web-app SERVER");
            List<String> names = chain.stream().map(TraceCollector.ExportedSpan::name).toList();
            assertThat(names).as(spans).contains("webhook POST", "delivery attempt", "lead alert", "lead capture");
            assertThat(chain.stream().filter(span -> span.kind() == TraceCollector.Kind.PRODUCER)
                    .map(span -> span.attribute("messaging.destination.name")).toList()).as(spans)
                    .containsExactly(Topics.LEADS, Topics.SCANS);
            TraceCollector.ExportedSpan capture = chain.stream().filter(span -> span.name().equals("lead capture")).findFirst().orElseThrow();
            assertThat(capture.attributes()).as("the capture span names its scan").containsEntry("scanId", scanId);
            TraceCollector.ExportedSpan alert = chain.stream().filter(span -> span.name().equals("lead alert")).findFirst().orElseThrow();
            // The email to the sales address: a span of the same trace, under the same alert.
            assertThat(trace.stream().filter(span -> span.name().equals("smtp send"))
                    .map(span -> ancestry(span, byId, spans)).filter(up -> up.contains(alert)).toList())
                    .as("the lead email's send under the alert, in\n" + spans).hasSize(1);
        });
        System.out.printf("One trace from the scanner to the CRM: checked in %d ms after the webhook arrived:%n%s",
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), describe(TraceCollector.get().trace(traceId)));
    }

    /** The span and its parents up to the root; fails when a parent was not exported. */
    private static List<TraceCollector.ExportedSpan> ancestry(TraceCollector.ExportedSpan span,
                                                              Map<String, TraceCollector.ExportedSpan> byId, String spans) {
        List<TraceCollector.ExportedSpan> chain = new java.util.ArrayList<>();
        for (TraceCollector.ExportedSpan at = span; at != null; at = at.parentSpanId().isEmpty() ? null : byId.get(at.parentSpanId())) {
            chain.add(at);
            assertThat(at.parentSpanId().isEmpty() || byId.containsKey(at.parentSpanId()))
                    .as("the parent of " + at.service() + " " + at.name() + " was exported, in\n" + spans).isTrue();
        }
        return chain;
    }

    private static String lastTwoSegments(String path) {
        if (path == null) {
            return "";
        }
        String[] segments = path.split("/");
        return segments.length < 2 ? path : segments[segments.length - 2] + "/" + segments[segments.length - 1];
    }

    private static String describe(List<TraceCollector.ExportedSpan> trace) {
        StringBuilder out = new StringBuilder();
        trace.forEach(span -> out.append(span.spanId()).append(" <- ").append(span.parentSpanId().isEmpty() ? "(root)" : span.parentSpanId())
                .append(' ').append(span.service()).append(' ').append(span.kind()).append(" '").append(span.name()).append("' ")
                .append(span.attributes()).append('\n'));
        return out.toString();
    }

    /** Every process's exposition passes promtool, holds the meters an operator needs, and no id or address. */
    /** A meter's value in an earlier scrape: 0 when it was not there yet (a counter appears at its first count). */
    private static double counted(StackMetrics scrape, String name, Map<String, String> labels) {
        double value = scrape.sum(name, labels);
        return Double.isNaN(value) ? 0 : value;
    }

    private static void operatorSeesItInTheMetrics(StackMetrics leadBefore) throws Exception {
        Map<String, String> processes = new java.util.LinkedHashMap<>();
        processes.put("exhibitor-service", stack.exhibitorUrl());
        processes.put("lead-service", stack.leadUrl());
        processes.put("notification-service", stack.notificationUrl());
        processes.put("web-app", stack.webUrl());
        Map<String, StackMetrics> scraped = new java.util.LinkedHashMap<>();
        // Counters of the last steps (the dead letter, the delivery's end) are counted a moment after their effect.
        await().atMost(WAIT).untilAsserted(() -> {
            for (Map.Entry<String, String> process : processes.entrySet()) {
                scraped.put(process.getKey(), StackMetrics.scrape(process.getKey(), process.getValue()));
                scraped.get(process.getKey()).keep(Path.of("target", "metrics"));
            }
            StackMetrics lead = scraped.get("lead-service");
            assertThat(lead.sum("expo_kafka_dead_letters_total", Map.of("topic", Topics.SCANS)))
                    .as("the record that is no scan, dead-lettered").isGreaterThanOrEqualTo(1);
            assertThat(scraped.get("notification-service").sum("expo_deliveries_total",
                    Map.of("channel", "webhook", "kind", "alert", "outcome", "succeeded"))).isGreaterThanOrEqualTo(1);
        });
        // Once more, so each process's own count holds the scrape before (the web tier serves nothing else here).
        for (Map.Entry<String, String> process : processes.entrySet()) {
            scraped.put(process.getKey(), StackMetrics.scrape(process.getKey(), process.getValue()));
        }
        for (StackMetrics process : scraped.values()) {
            process.keep(Path.of("target", "metrics"));
            // promtool exits 1 on an exposition it cannot parse, 3 when it parses with lint findings. Those of
            // the libraries' own meters (Kafka client names in _ms, meters without help text) are theirs to
            // fix and are printed; the product's own meters (expo_*) must pass the lint without a finding.
            StackMetrics.PromtoolVerdict verdict = process.promtool();
            assertThat(verdict.exitCode()).as("promtool check metrics on " + process.process + ":\n" + verdict.output()).isIn(0, 3);
            assertThat(verdict.findings()).as("promtool's findings on the product's own meters of " + process.process)
                    .noneMatch(finding -> finding.startsWith("expo_"));
            System.out.printf("promtool check metrics, %s: %d series parsed, %d lint findings on library meters%n",
                    process.process, process.samples.size(), verdict.findings().size());
            assertThat(process.personalLabels()).as(process.process + ": label values that look like an id or an address").isEmpty();
            assertThat(process.sum("jvm_memory_used_bytes", Map.of())).as(process.process + " JVM meters").isPositive();
            assertThat(process.sum("http_server_requests_seconds_count", Map.of())).as(process.process + " HTTP meters").isPositive();
            assertThat(process.series("http_server_requests_seconds_count", Map.of()))
                    .as(process.process + ": every request tagged with its application")
                    .allSatisfy(sample -> assertThat(sample.labels()).containsEntry("application", process.process));
        }

        // The Grafana dashboard and the alerting rules (observability/) read meters the processes really expose.
        java.util.Set<String> exposed = new java.util.HashSet<>();
        scraped.values().forEach(process -> process.samples.forEach(sample -> exposed.add(sample.name())));
        assertThat(ObservabilityQueries.metricNames(ObservabilityQueries.expressions()))
                .as("meters read by the dashboard and the alerts").isNotEmpty().isSubsetOf(exposed);

        StackMetrics lead = scraped.get("lead-service");
        assertThat(lead.sum("expo_scans_total", Map.of("mode", "single", "outcome", "accepted", "reason", "NONE"))).isGreaterThanOrEqualTo(1);
        assertThat(lead.sum("expo_scans_receipt_seconds_count", Map.of("mode", "single", "outcome", "answered"))).isGreaterThanOrEqualTo(1);
        assertThat(lead.sum("expo_scans_receipt_seconds_sum", Map.of("mode", "single"))).isPositive().isLessThan(60);
        assertThat(lead.sum("expo_leads_capture_lag_seconds_count", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(lead.sum("expo_leads_capture_lag_seconds_max", Map.of())).as("scan to stored lead, seconds").isPositive().isLessThan(30);
        // A dozen buckets, not Micrometer's seventy: one at the lead lag alert's 5 s, so its p99 is exact there.
        assertThat(lead.series("expo_leads_capture_lag_seconds_bucket", Map.of()))
                .extracting(sample -> Double.parseDouble(sample.labels().get("le").replace("+Inf", "Infinity")))
                .hasSizeBetween(2, 12).contains(5.0, Double.POSITIVE_INFINITY);
        assertThat(lead.sum("expo_exports_seconds_count", Map.of("format", "csv", "outcome", "complete"))
                - counted(leadBefore, "expo_exports_seconds_count", Map.of("format", "csv", "outcome", "complete"))).isEqualTo(1);
        assertThat(lead.sum("expo_exports_rows_total", Map.of("format", "csv"))
                - counted(leadBefore, "expo_exports_rows_total", Map.of("format", "csv"))).isEqualTo(1);
        assertThat(lead.sum("expo_exports_size_bytes_total", Map.of("format", "csv"))
                - counted(leadBefore, "expo_exports_size_bytes_total", Map.of("format", "csv"))).isGreaterThan(100);
        assertThat(lead.sum("expo_leads_streams_open", Map.of())).as("no stream left open by this test")
                .isLessThanOrEqualTo(counted(leadBefore, "expo_leads_streams_open", Map.of()));
        assertThat(lead.series("expo_outbox_backlog", Map.of("collection", "leads"))).isNotEmpty();
        assertThat(lead.sum("expo_outbox_oldest_age_seconds", Map.of("collection", "leads"))).isGreaterThanOrEqualTo(0).isLessThan(60);
        // The URI of the export is its template, not the exhibitor's id.
        assertThat(lead.series("http_server_requests_seconds_count", Map.of("uri", "/api/exhibitors/{exhibitorId}/leads/export")))
                .isNotEmpty();
        assertThat(lead.sum("mongodb_driver_commands_seconds_count", Map.of("command", "insert"))).isPositive();
        assertThat(lead.has("mongodb_driver_pool_size")).isTrue();
        assertThat(lead.series("kafka_consumer_fetch_manager_records_lag_max", Map.of())).as("consumer lag per group").isNotEmpty();
        assertThat(lead.sum("spring_kafka_template_seconds_count", Map.of())).as("sends observed").isPositive();
        assertThat(lead.sum("spring_kafka_listener_seconds_count", Map.of())).as("records handled, observed").isPositive();

        StackMetrics notification = scraped.get("notification-service");
        assertThat(notification.sum("expo_deliveries_total", Map.of("channel", "email", "kind", "alert", "outcome", "succeeded")))
                .isGreaterThanOrEqualTo(1);
        assertThat(notification.sum("expo_deliveries_attempts_total", Map.of("channel", "webhook", "outcome", "succeeded")))
                .isGreaterThanOrEqualTo(1);
        assertThat(notification.sum("expo_webhooks_call_seconds_count", Map.of("outcome", "succeeded", "status", "2xx")))
                .isGreaterThanOrEqualTo(1);
        assertThat(notification.series("expo_webhooks_call_seconds_count", Map.of()))
                .as("no webhook URL in the tags").allSatisfy(sample -> assertThat(sample.labels()).doesNotContainKeys("uri", "url"));
        assertThat(notification.sum("expo_deliveries_queue_depth", Map.of())).isGreaterThanOrEqualTo(0);
        assertThat(notification.sum("expo_deliveries_queue_overdue_seconds", Map.of())).isGreaterThanOrEqualTo(0).isLessThan(60);
        assertThat(notification.series("expo_outbox_backlog", Map.of("collection", "deliveries"))).isNotEmpty();

        StackMetrics exhibitor = scraped.get("exhibitor-service");
        assertThat(exhibitor.series("expo_outbox_backlog", Map.of("collection", "exhibitors"))).isNotEmpty();
        assertThat(exhibitor.sum("kafka_producer_record_send_total", Map.of())).as("Kafka client meters of the producer").isPositive();
        assertThat(scraped.get("web-app").series("http_server_requests_seconds_count", Map.of()))
                .as("the web tier's own requests").isNotEmpty();
    }

    private static String organizerToken(HttpJson exhibitors) {
        return exhibitors.post("/api/auth/token", HttpJson.json(Map.of("username", stack.organizerUsername(),
                "password", stack.organizerPassword()))).field("accessToken");
    }

    private static MimeMessage leadEmail(MimeMessage[] messages) {
        for (MimeMessage message : messages) {
            if ("sales@atlas-mobility.ma".equals(TestMailServer.recipient(message))
                    && TestMailServer.subject(message).startsWith("Nouveau lead")) {
                return message;
            }
        }
        return null;
    }
}
