package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.expoleads.testsupport.HttpJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * {@code --cluster}, as a user starts it: three Kafka nodes with the contract topics replicated
 * three times, two instances of each service behind the web tier. Scans taken by either
 * lead-service instance land in their lead once; a dashboard's stream on one instance hears a scan
 * the other took; a revoked device is refused by both; {@code kill -9} of one instance of each
 * service in turn, with a booth's offline queue uploading, loses no acknowledged scan and the
 * launcher starts each again; one Kafka node killed and scans are still accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterModeIT {

    private static final int VISITORS = 400;
    private static final int BATCH = 1_000;

    private Path data;
    private Launcher launcher;
    private int kafkaBase;
    private int mongoPort;
    private String web;
    private List<String> leadUrls;
    private DeviceBooth booth;
    private Properties credentials;

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("expo-cluster");
        kafkaBase = freePortRange(6);
        mongoPort = freePort();
        // Each service's two instances on consecutive ports (--instance-offset=1): both known free.
        int exhibitorPort = freePortRange(2);
        int leadPort = freePortRange(2);
        int notificationPort = freePortRange(2);
        int webPort = freePort();
        Instant started = Instant.now();
        launcher = Launcher.launch(data, List.of("--cluster", "--instance-offset=1",
                "--kafka-port=" + kafkaBase, "--kafka-controller-port=" + (kafkaBase + 1), "--mongo-port=" + mongoPort,
                "--smtp-port=" + freePort(), "--imap-port=" + freePort(),
                "--exhibitor-port=" + exhibitorPort, "--lead-port=" + leadPort, "--notification-port=" + notificationPort,
                "--web-port=" + webPort));
        System.out.printf("--cluster: three Kafka nodes, two instances of each service and the web tier ready in %.1f s%n",
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        web = "http://localhost:" + webPort;
        leadUrls = List.of("http://localhost:" + leadPort, "http://localhost:" + (leadPort + 1));
        credentials = new Properties();
        try (var in = Files.newInputStream(data.resolve("local-credentials.properties"))) {
            credentials.load(in);
        }
        booth = DeviceBooth.open(web, credentials.getProperty("organizer.username"), credentials.getProperty("organizer.password"),
                "cluster.example", VISITORS);
    }

    @AfterAll
    void stop() {
        if (launcher != null) {
            launcher.stopQuietly();
        }
    }

    @Test
    @Order(1)
    void the_banner_lists_both_instances_of_each_service_and_the_topics_are_replicated() throws Exception {
        for (String instance : List.of("exhibitor-service-2", "lead-service-2", "notification-service-2")) {
            assertThat(instanceProcess(instance)).as(instance + " runs").isPresent();
        }
        assertThat(launcher.output()).contains(leadUrls.get(0) + " " + leadUrls.get(1), "two instances each");
        String bootstrap = bootstrap();
        assertThat(launcher.output()).contains(bootstrap, "three nodes");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription scans = admin.describeTopics(List.of("expo.scans.v1")).allTopicNames().get().get("expo.scans.v1");
            assertThat(scans.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "expo.scans.v1");
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value())
                    .isEqualTo("2");
        }
    }

    @Test
    @Order(2)
    void scans_taken_by_either_lead_service_instance_land_in_their_lead_once() throws Exception {
        // The same badges scanned at once through each instance directly and through the web tier:
        // both instances capture scans of the same leads concurrently.
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<Thread> senders = new ArrayList<>();
        List<HttpJson> routes = List.of(booth.deviceAt(leadUrls.get(0)), booth.deviceAt(leadUrls.get(1)), booth.device());
        List<String> failures = new CopyOnWriteArrayList<>();
        for (HttpJson route : routes) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 100; i++) {
                    Map<String, Object> scan = booth.scan(i);
                    HttpJson.Answer answer = route.post("/api/scans", HttpJson.json(scan));
                    if (answer.status() == 202 && "ACCEPTED".equals(answer.field("status"))) {
                        accepted.add((String) scan.get("scanId"));
                    } else {
                        failures.add(answer.status() + " " + answer.text());
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join(Duration.ofMinutes(3).toMillis());
        }
        assertThat(failures).as("every scan accepted, whichever instance took it").isEmpty();
        assertThat(accepted).hasSize(300);
        Outcome outcome = awaitInLeads(accepted, Duration.ofMinutes(1));
        System.out.printf("--cluster: 300 scans (100 on each lead-service instance directly, 100 through the web tier):"
                + " lost %d, duplicate leads %d, scans counted twice %d%n", outcome.lost(), outcome.duplicateLeads(), outcome.countedTwice());
        outcome.assertClean();
    }

    @Test
    @Order(3)
    void a_stream_on_one_instance_hears_a_scan_taken_by_the_other() throws Exception {
        for (int listening = 0; listening < 2; listening++) {
            String other = leadUrls.get(1 - listening);
            try (LeadEvents stream = LeadEvents.open(leadUrls.get(listening), booth.exhibitorId(), booth.adminToken())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> stream.events().contains("ready"));
                Instant sent = Instant.now();
                // A visitor no scan has reached yet: the lead event can only come from this scan.
                HttpJson.Answer scan = booth.deviceAt(other).post("/api/scans", HttpJson.json(booth.scan(VISITORS - 1 - listening)));
                assertThat(scan.status()).as(scan.text()).isEqualTo(202);
                String leadId = scan.field("leadId");
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                        .until(() -> stream.data().stream().anyMatch(line -> line.contains(leadId)));
                System.out.printf("--cluster: a dashboard streaming from %s heard a scan taken by %s %.2f s later%n",
                        leadUrls.get(listening), other, Duration.between(sent, Instant.now()).toMillis() / 1000.0);
            }
        }
    }

    @Test
    @Order(4)
    void a_revoked_device_is_refused_by_both_lead_service_instances() {
        DeviceBooth revoked = DeviceBooth.open(web, credentials.getProperty("organizer.username"),
                credentials.getProperty("organizer.password"), "revoked.cluster.example", 3);
        // Both instances have the exhibitor in their one-second cache.
        for (String url : leadUrls) {
            assertThat(revoked.deviceAt(url).post("/api/scans", HttpJson.json(revoked.scan(1))).status()).isEqualTo(202);
        }
        String deviceId = revoked.admin().get("/api/exhibitors/" + revoked.exhibitorId() + "/devices").json().get(0)
                .get("deviceId").asString();
        Instant revoke = Instant.now();
        assertThat(revoked.admin().delete("/api/exhibitors/" + revoked.exhibitorId() + "/devices/" + deviceId).status())
                .isEqualTo(200);
        Map<String, Instant> refusedAt = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (String url : leadUrls) {
                if (!refusedAt.containsKey(url)) {
                    int status = revoked.deviceAt(url).post("/api/scans", HttpJson.json(revoked.scan(1))).status();
                    if (status == 401 || status == 403) {
                        refusedAt.put(url, Instant.now());
                    } else {
                        assertThat(status).as("accepted until it learns, never anything else").isEqualTo(202);
                    }
                }
            }
            return refusedAt.size() == 2;
        });
        Instant first = refusedAt.values().stream().min(Instant::compareTo).orElseThrow();
        Instant last = refusedAt.values().stream().max(Instant::compareTo).orElseThrow();
        Duration gap = Duration.between(first, last);
        System.out.printf("--cluster: a revoked device refused by the first lead-service instance %.2f s after the revocation,"
                + " by the second %.2f s after the first%n", Duration.between(revoke, first).toMillis() / 1000.0, gap.toMillis() / 1000.0);
        // The instance that did not apply the change itself holds its cached copy at most one second (BoothExhibitors).
        assertThat(gap).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    @Order(5)
    void kill_9_of_one_instance_of_each_service_in_turn_loses_no_acknowledged_scan() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger batchesRefused = new AtomicInteger();
        AtomicInteger singlesRefused = new AtomicInteger();
        AtomicInteger batchesSent = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        // The offline queue: batches of 1,000 through the web tier; a batch not answered 202 is sent
        // again as it was (same scan ids), as the scanner does.
        Thread queue = new Thread(() -> {
            for (int sent = 0; sent < 8; sent++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    batch.add(booth.scan(sent * BATCH + i));
                }
                for (int attempt = 0; attempt < 300; attempt++) {
                    HttpJson.Answer receipt;
                    try {
                        receipt = booth.device().post("/api/scans/batch", HttpJson.json(Map.of("scans", batch)));
                    } catch (RuntimeException unanswered) {
                        batchesRefused.incrementAndGet();
                        continue;
                    }
                    if (receipt.status() == 202) {
                        for (JsonNode result : receipt.json().get("results")) {
                            String status = result.get("status").asString();
                            if ("ACCEPTED".equals(status) || "DUPLICATE".equals(status)) {
                                acknowledged.add(result.get("scanId").asString());
                            }
                        }
                        batchesSent.incrementAndGet();
                        break;
                    }
                    if (receipt.status() != 503) {
                        unexpected.add("batch: " + receipt.status() + " " + receipt.text());
                    }
                    batchesRefused.incrementAndGet();
                }
            }
        }, "offline-queue");
        // A phone scanning one badge at a time meanwhile.
        Thread phone = new Thread(() -> {
            for (int i = 0; !stop.get() && i < 3_000; i++) {
                Map<String, Object> scan = booth.scan(i);
                try {
                    HttpJson.Answer answer = booth.device().post("/api/scans", HttpJson.json(scan));
                    if (answer.status() == 202) {
                        acknowledged.add((String) scan.get("scanId"));
                    } else {
                        if (answer.status() != 503) {
                            unexpected.add("scan: " + answer.status() + " " + answer.text());
                        }
                        singlesRefused.incrementAndGet();
                    }
                } catch (RuntimeException unanswered) {
                    singlesRefused.incrementAndGet();
                }
            }
        }, "phone");
        queue.start();
        phone.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> batchesSent.get() >= 1);

        Map<String, Double> recovered = new HashMap<>();
        for (String instance : List.of("lead-service-2", "exhibitor-service-2", "notification-service-2")) {
            ProcessHandle process = instanceProcess(instance).orElseThrow();
            Instant kill = Instant.now();
            assertThat(process.destroyForcibly()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
            String back = instance + " is back";
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> launcher.output().contains(back));
            recovered.put(instance, Duration.between(kill, Instant.now()).toMillis() / 1000.0);
        }
        queue.join(Duration.ofMinutes(6).toMillis());
        stop.set(true);
        phone.join(Duration.ofMinutes(1).toMillis());
        assertThat(queue.isAlive()).as("the offline queue was sent").isFalse();
        assertThat(batchesSent.get()).as("every batch answered 202 in the end").isEqualTo(8);
        assertThat(unexpected).as("a dead instance costs a 503, never anything else").isEmpty();
        // Both lead-service instances take scans again.
        for (String url : leadUrls) {
            HttpJson.Answer scan = booth.deviceAt(url).post("/api/scans", HttpJson.json(booth.scan(3)));
            assertThat(scan.status()).as(url + ": " + scan.text()).isEqualTo(202);
        }
        Outcome outcome = awaitInLeads(acknowledged, Duration.ofMinutes(2));
        System.out.printf("--cluster: kill -9 of one instance of each service in turn, 8 batches of 1,000 and single scans"
                + " through the web tier: %,d acknowledged (%d batches and %d single scans answered 503 or unanswered, sent again);"
                + " back healthy after the kill: %s; acknowledged scans lost %d, duplicate leads %d, scans counted twice %d%n",
                acknowledged.size(), batchesRefused.get(), singlesRefused.get(), recovered, outcome.lost(), outcome.duplicateLeads(),
                outcome.countedTwice());
        outcome.assertClean();
    }

    @Test
    @Order(6)
    void scans_are_accepted_with_a_kafka_node_killed() {
        ProcessHandle node = launcher.process().children()
                .filter(child -> child.info().commandLine().orElse("").contains("kafka-2"))
                .findFirst().orElseThrow();
        Instant kill = Instant.now();
        assertThat(node.destroyForcibly()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpJson.Answer scan = booth.device().post("/api/scans", HttpJson.json(booth.scan(1)));
            return scan.status() == 202 && "ACCEPTED".equals(scan.field("status"));
        });
        System.out.printf("--cluster: a Kafka node killed with SIGKILL, a scan accepted %.1f s later%n",
                Duration.between(kill, Instant.now()).toMillis() / 1000.0);
    }

    /** A service instance the launcher started, found by the name on its command line. */
    private java.util.Optional<ProcessHandle> instanceProcess(String instance) {
        return launcher.process().children()
                .filter(child -> child.info().commandLine().orElse("").contains("-Dexpo.instance=" + instance + " "))
                .findFirst();
    }

    private String bootstrap() {
        return "localhost:" + kafkaBase + ",localhost:" + (kafkaBase + 2) + ",localhost:" + (kafkaBase + 4);
    }

    /** What the store holds of the acknowledged scans, once all are there or the time is up. */
    private Outcome awaitInLeads(Set<String> acknowledged, Duration timeout) {
        try (MongoClient mongo = MongoClients.create("mongodb://localhost:" + mongoPort)) {
            MongoCollection<Document> leads = mongo.getDatabase("leads").getCollection("leads");
            try {
                await().atMost(timeout).pollInterval(Duration.ofSeconds(1))
                        .until(() -> missing(scansInLeads(leads), acknowledged).isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException stillMissing) {
                // Counted below: how many were lost says more than a time-out.
            }
            Map<String, Integer> inLeads = scansInLeads(leads);
            Map<String, Integer> leadsPerAttendee = new HashMap<>();
            for (Document lead : leads.find(Filters.eq("exhibitorId", booth.exhibitorId())).projection(Projections.include("attendeeId"))) {
                leadsPerAttendee.merge(lead.getString("attendeeId"), 1, Integer::sum);
            }
            return new Outcome(missing(inLeads, acknowledged).size(),
                    leadsPerAttendee.values().stream().filter(count -> count > 1).count(),
                    inLeads.values().stream().filter(count -> count > 1).count());
        }
    }

    private Map<String, Integer> scansInLeads(MongoCollection<Document> leads) {
        Map<String, Integer> scans = new HashMap<>();
        for (Document lead : leads.find(Filters.eq("exhibitorId", booth.exhibitorId())).projection(Projections.include("scans.scanId"))) {
            for (Document scan : lead.getList("scans", Document.class, List.of())) {
                scans.merge(scan.getString("scanId"), 1, Integer::sum);
            }
        }
        return scans;
    }

    private static Set<String> missing(Map<String, Integer> inLeads, Set<String> acknowledged) {
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(inLeads.keySet());
        return missing;
    }

    private record Outcome(long lost, long duplicateLeads, long countedTwice) {

        void assertClean() {
            assertThat(lost).as("acknowledged scans lost").isZero();
            assertThat(duplicateLeads).as("duplicate leads").isZero();
            assertThat(countedTwice).as("scans counted twice").isZero();
        }
    }

    /** An exhibitor's live lead stream on one lead-service instance: the event names and data lines read so far. */
    private record LeadEvents(InputStream body, List<String> events, List<String> data) implements AutoCloseable {

        static LeadEvents open(String instanceUrl, String exhibitorId, String token) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(instanceUrl + "/api/exhibitors/" + exhibitorId + "/leads/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            LeadEvents stream = new LeadEvents(response.body(), new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("event:")) {
                            stream.events().add(line.substring(6).trim());
                        } else if (line.startsWith("data:")) {
                            stream.data().add(line.substring(5));
                        }
                    }
                } catch (IOException closed) {
                    // the test closed it
                }
            }, "lead-events");
            reader.setDaemon(true);
            reader.start();
            return stream;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** The first of {@code count} consecutive free ports. */
    private static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = freePort();
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    free = true;
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free && first + count < 65535) {
                return first;
            }
        }
        throw new IllegalStateException("no range of " + count + " free ports");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
