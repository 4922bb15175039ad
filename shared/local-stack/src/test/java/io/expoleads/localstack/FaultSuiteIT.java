package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.expoleads.testsupport.FreePorts;
import io.expoleads.testsupport.HttpJson;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
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
 * The fault suite (issue 12): the launcher's cluster mode (three Kafka nodes, two instances of each
 * service, the web tier) takes scans from 8 exhibitors through the web tier, single scans and
 * offline batches of 1,000, and alerts each new lead's sales team by email and signed webhook,
 * while one fault at a time is injected, in the issue's order: {@code kill -9} of a Kafka node
 * (started again 20 s later with the console's {@code kafka start}); {@code kill -9} of one instance
 * of each service in turn, lead-service's with a batch in flight (the launcher starts each again);
 * the store stopped 30 s ({@code store stop}, {@code store start}); the mail server stopped 60 s
 * ({@code mail stop}, {@code mail start}) while one exhibitor's CRM takes calls in and answers none
 * for 60 s. Each fault prints and asserts: acknowledged scans lost 0,
 * duplicate leads 0, scans counted twice 0, every lead's alert delivered to each destination
 * (duplicates counted and printed: only a notification-service instance dying between the
 * destination's acceptance and its record may send one again), and the time to recover.
 *
 * <p>Before the faults, on the same cluster (started once: it is most of the cost), what the cluster
 * mode itself promises: both instances of each service run and the topics have three replicas with
 * {@code min.insync.replicas=2} and no unclean leader election (the Kafka fault below is the test of
 * the three nodes themselves too); scans taken at once by either lead-service instance land in their
 * lead once; a dashboard's stream on either instance hears a scan the other took; a revoked device
 * is refused by both within the other's one-second cache.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final int EXHIBITORS = 8;
    /** Each fault's scans reach visitors no earlier fault scanned: every fault has new leads to alert. */
    private static final int NEW_VISITORS_PER_FAULT = 30;
    private static final int FAULTS = 4;
    /**
     * The fair's visitors, whose badges every booth shares: each fault's booths scan 30 no earlier fault
     * scanned (visitors 1 to 120; visitor 0 is each booth's readiness probe), the cluster checks' exhibitor
     * (no alerts set up) the first 40 and, as visitors no scan reached yet, the last two. (400 of them
     * were imported and their badges fetched through the busy cluster when the checks scanned more.)
     */
    private static final int CLUSTER_VISITORS = 1 + FAULTS * NEW_VISITORS_PER_FAULT + 10;
    private static final int BATCH = 1_000;
    private static final int BATCHES_PER_FAULT = 2;
    /**
     * Each of the 8 booths scans each of its fault's 30 visitors once or twice: with the batches, 10,200
     * scans over the four faults (issue 12 asks for 10,000). With 800 singles the load outlasted the
     * faults by 20-30 s each; with 480 it still did on the Kafka node's and the store's (68 and 78 s of
     * load for faults of about 45 and 35 s), and the restarted lead-service took 36 s to be healthy
     * on a machine the load kept busy.
     */
    private static final int SINGLES_PER_FAULT = 300;
    /** Scans of the same visitors sent at once to each lead-service instance directly and through the web tier. */
    private static final int SCANS_PER_ROUTE = 40;
    private static final Duration ALERT_WAIT = Duration.ofMinutes(4);
    private static final Pattern VISITOR = Pattern.compile("Visitor N(\\d+)");
    private static final Pattern WEBHOOK_VISITOR = Pattern.compile("\"lastName\":\"N(\\d+)\"");
    /** expo.deliveries.per-destination: attempts at once to one destination, so cut at once by a crash. */
    private static final int ATTEMPTS_PER_DESTINATION = 2;
    private static final int DESTINATIONS = 2 * EXHIBITORS;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final List<DeviceBooth> booths = new ArrayList<>();
    private final List<CrmReceiver> crms = new ArrayList<>();
    /** Per exhibitor: the visitors whose scans were acknowledged, so whose lead must be alerted. */
    private final Map<Integer, Set<Integer>> visitorsScanned = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Set<String>> acknowledgedBy = new ConcurrentHashMap<>();
    private final List<String> figures = new CopyOnWriteArrayList<>();
    /** When each (exhibitor, visitor) scan was first acknowledged: an alert's latency starts there. */
    private final Map<String, Instant> firstAcknowledged = new ConcurrentHashMap<>();
    private Properties credentials;
    private List<String> leadUrls;
    private DeviceBooth cluster;
    private Launcher launcher;
    private int kafkaBase;
    private int mongoPort;
    private int imapPort;
    private String web;
    private List<String> instanceUrls;
    private int scansSent;

    @BeforeAll
    void start() throws Exception {
        Path data = Files.createTempDirectory("expo-faults");
        kafkaBase = freePortRange(6);
        mongoPort = freePort();
        imapPort = freePort();
        int exhibitorPort = freePortRange(2);
        int leadPort = freePortRange(2);
        int notificationPort = freePortRange(2);
        int webPort = freePort();
        Instant started = Instant.now();
        launcher = Launcher.launch(data, List.of("--cluster", "--instance-offset=1",
                "--kafka-port=" + kafkaBase, "--kafka-controller-port=" + (kafkaBase + 1), "--mongo-port=" + mongoPort,
                "--smtp-port=" + freePort(), "--imap-port=" + imapPort,
                "--exhibitor-port=" + exhibitorPort, "--lead-port=" + leadPort, "--notification-port=" + notificationPort,
                "--web-port=" + webPort),
                // Failed alerts tried again after 1 s, doubling up to 8 s (production: 5 s up to 2 h), so that
                // those an outage held back arrive seconds after it ends and the suite does not wait out long back-offs.
                Map.of("EXPO_DELIVERIES_INITIALDELAY", "1s", "EXPO_DELIVERIES_MAXDELAY", "8s"));
        web = "http://localhost:" + webPort;
        instanceUrls = new ArrayList<>();
        for (int port : List.of(exhibitorPort, leadPort, notificationPort)) {
            instanceUrls.add("http://localhost:" + port);
            instanceUrls.add("http://localhost:" + (port + 1));
        }
        leadUrls = List.of(instanceUrls.get(2), instanceUrls.get(3));
        credentials = new Properties();
        try (var in = Files.newInputStream(data.resolve("local-credentials.properties"))) {
            credentials.load(in);
        }
        double clusterStart = seconds(started);
        // One fair for every booth, as at a real one: its visitors imported and their badges fetched once
        // (each booth's own edition cost 9 imports and 1,368 badge requests; now 1 and one per visitor), in the
        // background while the booths are set up, each visitor then scanned at several booths. The nine
        // booths are set up at once, on one sign-in of the organizer: each waits for lead-service to learn
        // of its approval and device from Kafka, and one after another (or four at a time) those waits
        // were most of the set-up. When each booth fetched badges of its own, four at a time, nine at
        // once had a badge request wait over 30 s in a clean CI run: 36 requests at once on a machine
        // already busy with the cluster; now 4 badge requests and 9 booths' calls.
        HttpJson organizer = new HttpJson(web).signedIn(credentials.getProperty("organizer.username"),
                credentials.getProperty("organizer.password"));
        DeviceBooth.Fair fair = DeviceBooth.fair(organizer, "visitors.faults.example", CLUSTER_VISITORS);
        double fairImported = seconds(started) - clusterStart;
        ExecutorService setUp = Executors.newFixedThreadPool(EXHIBITORS + 1);
        try {
            List<Future<DeviceBooth>> opened = new ArrayList<>();
            for (int e = 0; e < EXHIBITORS; e++) {
                String domain = domain(e);
                opened.add(setUp.submit(() -> DeviceBooth.open(web, organizer, fair, domain)));
            }
            opened.add(setUp.submit(() -> DeviceBooth.open(web, organizer, fair, "cluster.example")));
            for (int e = 0; e < EXHIBITORS; e++) {
                DeviceBooth booth = opened.get(e).get();
                HttpJson.Answer settings = booth.admin().put("/api/exhibitors/" + booth.exhibitorId() + "/notification-settings",
                        HttpJson.json(Map.of("salesEmails", List.of(sales(e)), "alertOn", "ALL", "digest", "OFF", "exportFormat", "CSV")));
                assertThat(settings.status()).as(settings.text()).isEqualTo(200);
                CrmReceiver crm = new CrmReceiver();
                HttpJson.Answer webhook = booth.admin().post("/api/exhibitors/" + booth.exhibitorId() + "/webhooks",
                        HttpJson.json(Map.of("url", crm.url())));
                assertThat(webhook.status()).as(webhook.text()).isEqualTo(201);
                crm.trust(webhook.field("secret"));
                booths.add(booth);
                crms.add(crm);
            }
            cluster = opened.get(EXHIBITORS).get();
        } finally {
            setUp.shutdownNow();
        }
        System.out.printf("Fault suite: --cluster ready in %.1f s, %d visitors imported %.1f s after, %d exhibitors set up"
                + " (email and webhook alerts) and the badges fetched %.1f s after%n", clusterStart, CLUSTER_VISITORS, fairImported,
                EXHIBITORS, seconds(started) - clusterStart);
    }

    @AfterAll
    void stop() {
        figures.forEach(System.out::println);
        crms.forEach(CrmReceiver::close);
        if (launcher != null) {
            launcher.stopQuietly();
        }
    }

    @Test
    @Order(1)
    void the_banner_lists_both_instances_of_each_service_and_the_topics_are_replicated() throws Exception {
        for (String instance : List.of("exhibitor-service-2", "lead-service-2", "notification-service-2")) {
            assertThat(instanceProcess(instance).isAlive()).as(instance + " runs").isTrue();
        }
        assertThat(launcher.output()).contains(leadUrls.get(0) + " " + leadUrls.get(1), "two instances each");
        String bootstrap = bootstrap();
        assertThat(launcher.output()).contains(bootstrap, "three nodes");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription scans = admin.describeTopics(List.of("expo.scans.v1")).allTopicNames().get().get("expo.scans.v1");
            assertThat(scans.partitions()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "expo.scans.v1");
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
            assertThat(config.get("unclean.leader.election.enable").value()).as("only an in-sync replica becomes leader")
                    .isEqualTo("false");
        }
    }

    @Test
    @Order(2)
    void scans_taken_by_either_lead_service_instance_land_in_their_lead_once() throws Exception {
        // The same badges scanned at once through each instance directly and through the web tier:
        // both instances capture scans of the same leads concurrently.
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<Thread> senders = new ArrayList<>();
        List<HttpJson> routes = List.of(cluster.deviceAt(leadUrls.get(0)), cluster.deviceAt(leadUrls.get(1)), cluster.device());
        List<String> failures = new CopyOnWriteArrayList<>();
        Instant sending = Instant.now();
        for (HttpJson route : routes) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < SCANS_PER_ROUTE; i++) {
                    Map<String, Object> scan = cluster.scan(i);
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
        assertThat(accepted).hasSize(3 * SCANS_PER_ROUTE);
        double answered = seconds(sending);
        Outcome outcome = awaitInLeads(accepted, Duration.ofMinutes(1), List.of(cluster.exhibitorId()));
        System.out.printf("--cluster: %d scans (%d on each lead-service instance directly, %d through the web tier) answered in"
                        + " %.1f s, in their leads %.1f s after: lost %d, duplicate leads %d, scans counted twice %d%n", 3 * SCANS_PER_ROUTE,
                SCANS_PER_ROUTE, SCANS_PER_ROUTE, answered, seconds(sending) - answered, outcome.lost(), outcome.duplicateLeads(),
                outcome.countedTwice());
        assertThat(outcome.lost()).as("acknowledged scans lost").isZero();
        assertThat(outcome.duplicateLeads()).as("duplicate leads").isZero();
        assertThat(outcome.countedTwice()).as("scans counted twice").isZero();
    }

    @Test
    @Order(3)
    void a_stream_on_one_instance_hears_a_scan_taken_by_the_other() throws Exception {
        for (int listening = 0; listening < 2; listening++) {
            String other = leadUrls.get(1 - listening);
            try (LeadEvents stream = LeadEvents.open(leadUrls.get(listening), cluster.exhibitorId(), cluster.adminToken())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> stream.events().contains("ready"));
                Instant sent = Instant.now();
                // A visitor no scan has reached yet: the lead event can only come from this scan.
                HttpJson.Answer scan = cluster.deviceAt(other).post("/api/scans", HttpJson.json(cluster.scan(CLUSTER_VISITORS - 1 - listening)));
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
    void kill_9_of_a_kafka_node_later_started_again() throws Exception {
        Load load = Load.start(this, 0);
        await().atMost(Duration.ofMinutes(2)).until(() -> load.batchesDone.get() >= 1);
        ProcessHandle node = launcher.process().children()
                .filter(child -> child.info().commandLine().orElse("").contains("kafka-3")).findFirst().orElseThrow();
        Instant kill = Instant.now();
        assertThat(node.destroyForcibly()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive());
        int before = load.acknowledgedCount.get();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).until(() -> load.acknowledgedCount.get() > before + 50);
        double scansFlow = seconds(kill);
        await().atMost(Duration.ofSeconds(30)).until(() -> Duration.between(kill, Instant.now()).toSeconds() >= 20
                || load.finished());
        Instant restart = Instant.now();
        launcher.type("kafka start 3", "Kafka node 3 started again");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                TopicDescription scans = admin.describeTopics(List.of("expo.scans.v1")).allTopicNames().get().get("expo.scans.v1");
                return scans.partitions().stream().allMatch(partition -> partition.isr().size() == 3);
            });
        }
        double inSync = seconds(restart);
        load.finish();
        report("kill -9 of Kafka node 3", load, String.format("scans acknowledged again %.1f s after the kill; node started"
                + " again 20 s after, back in every expo.scans.v1 partition's ISR %.1f s later", scansFlow, inSync), 0);
    }

    @Test
    @Order(6)
    void kill_9_of_one_instance_of_each_service_in_turn_lead_service_with_a_batch_in_flight() throws Exception {
        Load load = Load.start(this, 1);
        List<String> recovered = new ArrayList<>();
        String batchAtTheKill = "";
        for (String instance : List.of("lead-service", "exhibitor-service-2", "notification-service")) {
            ProcessHandle process = instanceProcess(instance);
            if (instance.equals("lead-service")) {
                // An offline queue's batch of 1,000 sent straight to this instance, killed once it has begun taking
                // it (its first scan id claimed in the store); unanswered, the scanner sends it again through the web tier.
                int exhibitor = EXHIBITORS - 1;
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    batch.add(load.scan(exhibitor, i));
                }
                String firstClaim = booths.get(exhibitor).exhibitorId() + "/" + batch.get(0).get("scanId");
                try (MongoClient mongo = MongoClients.create("mongodb://localhost:" + mongoPort)) {
                    MongoCollection<Document> claims = mongo.getDatabase("leads").getCollection("scan_claims");
                    load.sendBatchFirstTo(exhibitor, booths.get(exhibitor).deviceAt(leadUrls.get(0)), batch);
                    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10))
                            .until(() -> claims.find(Filters.eq("_id", firstClaim)).first() != null);
                }
            }
            int backBefore = count(launcher.output(), instance + " is back");
            Instant kill = Instant.now();
            assertThat(process.destroyForcibly()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
            if (instance.equals("lead-service")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> load.firstAnswer.get() != null);
                batchAtTheKill = "; the batch it was taking answered by it: " + load.firstAnswer.get();
            }
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> count(launcher.output(), instance + " is back") > backBefore);
            recovered.add(String.format("%s %.1f s", instance, seconds(kill)));
        }
        load.finish();
        // A notification-service instance killed may have had attempts accepted and not yet recorded.
        report("kill -9 of one instance of each service in turn", load,
                "each started again by the launcher and healthy after its kill: " + String.join(", ", recovered) + batchAtTheKill, 1);
    }

    @Test
    @Order(7)
    void the_store_stopped_30_s_then_started() throws Exception {
        Load load = Load.start(this, 2);
        await().atMost(Duration.ofMinutes(2)).until(() -> load.batchesDone.get() >= 1);
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger refusals = new AtomicInteger();
        Set<String> down = ConcurrentHashMap.newKeySet();
        // For 30 s: the API through the web tier answers 503 with Retry-After, never 500; every instance's health goes DOWN.
        DeviceBooth booth = booths.get(0);
        AtomicBoolean away = new AtomicBoolean(true);
        Thread prober = new Thread(() -> {
            while (away.get()) {
                for (HttpJson.Answer answer : List.of(booth.admin().get("/api/exhibitors/" + booth.exhibitorId() + "/leads"),
                        booth.device().post("/api/scans", HttpJson.json(booth.scan(1))))) {
                    if (!away.get()) {
                        break;
                    }
                    if (answer.status() == 503) {
                        refusals.incrementAndGet();
                        if (answer.headers().firstValue("Retry-After").isEmpty()) {
                            wrong.add("503 without Retry-After: " + answer.text());
                        }
                    } else if (answer.status() >= 500) {
                        wrong.add(answer.status() + " " + answer.text());
                    }
                }
                for (String url : instanceUrls) {
                    if (away.get() && health(url).equals("DOWN")) {
                        down.add(url);
                    }
                }
            }
        }, "outage-prober");
        launcher.type("store stop", "store stopped");
        Instant stopped = Instant.now();
        try {
            prober.start();
            await().pollDelay(Duration.ofSeconds(30)).atMost(Duration.ofSeconds(31)).until(() -> true);
        } finally {
            away.set(false);
            launcher.type("store start", "store started again");
        }
        Instant restarted = Instant.now();
        double outage = seconds(stopped);
        prober.join(Duration.ofSeconds(30).toMillis());
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> instanceUrls.stream().allMatch(url -> health(url).equals("UP")));
        double healthy = seconds(restarted);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> booth.device().post("/api/scans", HttpJson.json(booth.scan(2))).status() == 202);
        double scanning = seconds(restarted);
        load.finish();
        assertThat(wrong).as("never a 500, every 503 with Retry-After").isEmpty();
        assertThat(refusals.get()).as("the API refused with 503 while the store was away").isPositive();
        assertThat(down).as("health DOWN on every instance while the store was away").containsExactlyInAnyOrderElementsOf(instanceUrls);
        report("store stopped 30 s", load, String.format("store away %.1f s: %d answers 503 with Retry-After and none 500;"
                + " all six instances healthy %.1f s after the store started again, a scan accepted %.1f s after", outage, refusals.get(),
                healthy, scanning), 1);
    }

    @Test
    @Order(8)
    void the_mail_server_down_60_s_and_a_crm_that_never_answers_for_60_s_delay_no_other_alerts() throws Exception {
        // Exhibitor 0's CRM takes calls in and answers none for 60 s; the mail server is away as long.
        int first = 1 + 3 * NEW_VISITORS_PER_FAULT;
        Instant outage = Instant.now();
        crms.get(0).hangFor(Duration.ofSeconds(60));
        launcher.type("mail stop", "mail server stopped");
        Load load = Load.start(this, 3);
        Instant mailBack;
        try {
            load.finish();
            await().atMost(Duration.ofSeconds(61)).until(() -> seconds(outage) >= 60);
        } finally {
            launcher.type("mail start", "mail server started again");
            mailBack = Instant.now();
        }
        // The other exhibitors' webhooks: most were due while both outages lasted.
        await().atMost(ALERT_WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> webhookLatencies(1, EXHIBITORS, first).size() == alertsDue(1, EXHIBITORS, first));
        List<Long> others = webhookLatencies(1, EXHIBITORS, first);
        await().atMost(ALERT_WAIT).pollInterval(Duration.ofSeconds(1))
                .until(() -> webhookLatencies(0, 1, first).size() == alertsDue(0, 1, first));
        double hungDelivered = seconds(outage);
        await().atMost(ALERT_WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> countAlerts().emailMissing() == 0);
        double mailDelivered = seconds(mailBack);
        long othersP95 = percentile(others, 95);
        // The mail server's stop may cut a message it kept but never confirmed: sent again, at most once per attempt then.
        report("mail server down 60 s and a CRM hung 60 s", load, String.format("the other exhibitors' webhooks meanwhile:"
                        + " p50 %d ms, p95 %d ms, max %d ms after the scan (%d leads); the hung CRM's own leads all delivered"
                        + " %.1f s after its hang began; every email delivered %.1f s after the mail server was back",
                percentile(others, 50), othersP95, percentile(others, 100), others.size(), hungDelivered, mailDelivered), 1);
        assertThat(othersP95).as("other exhibitors' webhooks at their usual pace: p95 within 10 s of the scan").isLessThan(10_000);
    }

    /** How many of this fault's leads of exhibitors {@code from} (inclusive) to {@code to} (exclusive) are due a webhook. */
    private long alertsDue(int from, int to, int firstVisitor) {
        long due = 0;
        for (int e = from; e < to; e++) {
            due += visitorsScanned.getOrDefault(e, Set.of()).stream()
                    .filter(v -> v >= firstVisitor && v < firstVisitor + NEW_VISITORS_PER_FAULT).count();
        }
        return due;
    }

    /** Webhook latencies (first verified arrival after the scan's first acknowledgement) of this fault's leads of exhibitors {@code from} to {@code to}. */
    private List<Long> webhookLatencies(int from, int to, int firstVisitor) {
        List<Long> latencies = new ArrayList<>();
        for (int e = from; e < to; e++) {
            Map<Integer, Instant> arrivals = new HashMap<>();
            for (CrmReceiver.Call call : crms.get(e).verified()) {
                Matcher visitor = WEBHOOK_VISITOR.matcher(call.body());
                if (visitor.find()) {
                    arrivals.merge(Integer.parseInt(visitor.group(1)), call.arrivedAt(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
            for (int v = firstVisitor; v < firstVisitor + NEW_VISITORS_PER_FAULT; v++) {
                Instant scanned = firstAcknowledged.get(e + "/" + v);
                if (scanned != null && arrivals.containsKey(v)) {
                    latencies.add(Duration.between(scanned, arrivals.get(v)).toMillis());
                }
            }
        }
        return latencies;
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    /** Waits for the load to end and every alert to arrive, then prints and asserts the fault's figures. */
    private void report(String fault, Load load, String recovery, int interruptions) throws Exception {
        assertThat(load.unexpected).as("nothing but 202, or 503 while an instance or the store was away").isEmpty();
        Outcome scans = awaitInLeads(Duration.ofMinutes(2));
        Instant alertsFrom = Instant.now();
        Alerts alerts = awaitAlerts();
        String line = String.format("Fault suite, %s: %,d scans sent in %.1f s (%d single, %d batches of 1,000; %d answers 503"
                        + " or none, sent again); %s; acknowledged scans lost %d, duplicate leads %d, scans counted twice %d"
                        + " (%,d acknowledged in all so far); alerts: %d leads, email missing %d, webhook missing %d,"
                        + " duplicates %d emails and %d webhooks (all waited %.1f s after the scans were in)",
                fault, load.sent.get(), load.seconds(), load.singles, (load.sent.get() - load.singles) / BATCH, load.retries.get(), recovery,
                scans.lost(), scans.duplicateLeads(), scans.countedTwice(), acknowledged.size(), alerts.leads(),
                alerts.emailMissing(), alerts.webhookMissing(), alerts.emailDuplicates(), alerts.webhookDuplicates(),
                seconds(alertsFrom));
        System.out.println(line);
        figures.add(line);
        assertThat(scans.lost()).as("acknowledged scans lost").isZero();
        assertThat(scans.duplicateLeads()).as("duplicate leads").isZero();
        assertThat(scans.countedTwice()).as("scans counted twice").isZero();
        assertThat(alerts.emailMissing()).as("leads without their email").isZero();
        assertThat(alerts.webhookMissing()).as("leads without their webhook").isZero();
        // At least once: only an attempt accepted by its destination but not recorded (its instance
        // died, or the store went away, in between) is made again: at most the attempts in flight
        // then, expo.deliveries.per-destination to each destination.
        assertThat(alerts.emailDuplicates() + alerts.webhookDuplicates()).as("duplicates only inside the at-least-once window")
                .isLessThanOrEqualTo((long) interruptions * ATTEMPTS_PER_DESTINATION * DESTINATIONS);
    }

    /** Offline batches of 1,000 and single scans from the 8 booths through the web tier, each sent again until answered. */
    private static final class Load {

        final AtomicInteger batchesStarted = new AtomicInteger();
        final AtomicInteger batchesDone = new AtomicInteger();
        final AtomicInteger acknowledgedCount = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final AtomicBoolean stopping = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        final Instant started = Instant.now();
        final int singles = SINGLES_PER_FAULT;
        volatile Instant ended;
        private final FaultSuiteIT suite;
        private final int fault;

        private Load(FaultSuiteIT suite, int fault) {
            this.suite = suite;
            this.fault = fault;
        }

        static Load start(FaultSuiteIT suite, int fault) {
            Load load = new Load(suite, fault);
            load.run("offline-queues", () -> {
                for (int b = 0; b < BATCHES_PER_FAULT; b++) {
                    int exhibitor = (fault * BATCHES_PER_FAULT + b) % EXHIBITORS;
                    List<Map<String, Object>> batch = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        batch.add(load.scan(exhibitor, i));
                    }
                    load.batchesStarted.incrementAndGet();
                    load.sendBatch(exhibitor, batch);
                    load.batchesDone.incrementAndGet();
                }
            });
            for (int t = 0; t < 2; t++) {
                int thread = t;
                load.run("phones-" + t, () -> {
                    for (int i = thread; i < SINGLES_PER_FAULT; i += 2) {
                        int exhibitor = i % EXHIBITORS;
                        load.sendSingle(exhibitor, load.scan(exhibitor, i / EXHIBITORS));
                    }
                });
            }
            return load;
        }

        /** A scan of one of this fault's own visitors at the booth. */
        Map<String, Object> scan(int exhibitor, int n) {
            // Visitor 0 is DeviceBooth's readiness probe, scanned before the alerts were set up: its lead has none.
            int visitor = 1 + fault * NEW_VISITORS_PER_FAULT + (n % NEW_VISITORS_PER_FAULT);
            return new HashMap<>(suite.booths.get(exhibitor).scan(visitor));
        }

        private void run(String name, Runnable work) {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }

        /** What the instance a batch was first sent to answered: a status, or "none" when it died taking it. */
        final java.util.concurrent.atomic.AtomicReference<String> firstAnswer = new java.util.concurrent.atomic.AtomicReference<>();

        /** A batch sent first straight to one instance, then, if that one does not take it, through the web tier. */
        void sendBatchFirstTo(int exhibitor, HttpJson instance, List<Map<String, Object>> batch) {
            run("batch-to-one-instance", () -> {
                sent.addAndGet(batch.size());
                HttpJson.Answer receipt;
                try {
                    receipt = instance.post("/api/scans/batch", HttpJson.json(Map.of("scans", batch)));
                } catch (RuntimeException unanswered) {
                    receipt = null;
                }
                firstAnswer.set(receipt == null ? "none (cut by the kill)" : Integer.toString(receipt.status()));
                if (receipt != null && receipt.status() == 202) {
                    acknowledgeBatch(exhibitor, receipt, batch);
                    return;
                }
                retries.incrementAndGet();
                deliverBatch(exhibitor, batch);
            });
        }

        private void sendBatch(int exhibitor, List<Map<String, Object>> batch) {
            sent.addAndGet(batch.size());
            deliverBatch(exhibitor, batch);
        }

        private void deliverBatch(int exhibitor, List<Map<String, Object>> batch) {
            DeviceBooth booth = suite.booths.get(exhibitor);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            while (Instant.now().isBefore(deadline)) {
                HttpJson.Answer receipt = send(() -> booth.device().post("/api/scans/batch", HttpJson.json(Map.of("scans", batch))));
                if (receipt != null && receipt.status() == 202) {
                    acknowledgeBatch(exhibitor, receipt, batch);
                    return;
                }
            }
            unexpected.add("a batch not taken within 4 minutes");
        }

        private void sendSingle(int exhibitor, Map<String, Object> scan) {
            DeviceBooth booth = suite.booths.get(exhibitor);
            sent.incrementAndGet();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            while (Instant.now().isBefore(deadline)) {
                HttpJson.Answer answer = send(() -> booth.device().post("/api/scans", HttpJson.json(scan)));
                if (answer != null && answer.status() == 202) {
                    acknowledge(exhibitor, (String) scan.get("scanId"), List.of(scan));
                    return;
                }
            }
            unexpected.add("a scan not taken within 4 minutes");
        }

        /** One try: the answer, or null after a 503 (or no answer), paced by Retry-After as a device paces its retries. */
        private HttpJson.Answer send(java.util.function.Supplier<HttpJson.Answer> request) {
            HttpJson.Answer answer;
            try {
                answer = request.get();
            } catch (RuntimeException unanswered) {
                answer = null;
            }
            if (answer != null && answer.status() != 503) {
                if (answer.status() != 202) {
                    unexpected.add(answer.status() + " " + answer.text());
                }
                return answer;
            }
            retries.incrementAndGet();
            try {
                // A device waits before it tries again (at most the Retry-After, here half a second).
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        private void acknowledgeBatch(int exhibitor, HttpJson.Answer receipt, List<Map<String, Object>> batch) {
            for (JsonNode result : receipt.json().get("results")) {
                String status = result.get("status").asString();
                if ("ACCEPTED".equals(status) || "DUPLICATE".equals(status)) {
                    acknowledge(exhibitor, result.get("scanId").asString(), batch);
                } else {
                    unexpected.add("batch result " + result);
                }
            }
        }

        private void acknowledge(int exhibitor, String scanId, List<Map<String, Object>> scans) {
            suite.acknowledged.add(scanId);
            suite.acknowledgedBy.computeIfAbsent(exhibitor, k -> ConcurrentHashMap.newKeySet()).add(scanId);
            acknowledgedCount.incrementAndGet();
            for (Map<String, Object> scan : scans) {
                if (scanId.equals(scan.get("scanId"))) {
                    int visitor = suite.booths.get(exhibitor).badges().indexOf((String) scan.get("badge"));
                    suite.firstAcknowledged.putIfAbsent(exhibitor + "/" + visitor, Instant.now());
                    suite.visitorsScanned.computeIfAbsent(exhibitor, k -> ConcurrentHashMap.newKeySet()).add(visitor);
                    return;
                }
            }
        }

        boolean finished() {
            return threads.stream().noneMatch(Thread::isAlive);
        }

        void finish() throws InterruptedException {
            for (Thread thread : threads) {
                thread.join(Duration.ofMinutes(5).toMillis());
            }
            assertThat(finished()).as("the load was sent").isTrue();
            ended = Instant.now();
        }

        double seconds() {
            return Duration.between(started, ended == null ? Instant.now() : ended).toMillis() / 1000.0;
        }
    }

    /** Every acknowledged scan of the fault load in its lead, or the time is up: what the store holds of them. */
    private Outcome awaitInLeads(Duration timeout) {
        return awaitInLeads(acknowledged, timeout, booths.stream().map(DeviceBooth::exhibitorId).toList());
    }

    /** Every one of {@code scanIds} in its lead of one of {@code exhibitorIds}, or the time is up: what the store holds of them. */
    private Outcome awaitInLeads(Set<String> scanIds, Duration timeout, List<String> exhibitorIds) {
        try (MongoClient mongo = MongoClients.create("mongodb://localhost:" + mongoPort)) {
            MongoCollection<Document> leads = mongo.getDatabase("leads").getCollection("leads");
            try {
                await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                        .until(() -> missing(scanIds, scansInLeads(leads, exhibitorIds)).isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException stillMissing) {
                // Counted below: how many were lost says more than a time-out.
            }
            Map<String, Integer> inLeads = scansInLeads(leads, exhibitorIds);
            long duplicateLeads = 0;
            for (String exhibitorId : exhibitorIds) {
                Map<String, Integer> perAttendee = new HashMap<>();
                for (Document lead : leads.find(Filters.eq("exhibitorId", exhibitorId)).projection(Projections.include("attendeeId"))) {
                    perAttendee.merge(lead.getString("attendeeId"), 1, Integer::sum);
                }
                duplicateLeads += perAttendee.values().stream().filter(count -> count > 1).count();
            }
            return new Outcome(missing(scanIds, inLeads).size(), duplicateLeads,
                    inLeads.values().stream().filter(count -> count > 1).count());
        }
    }

    private static Map<String, Integer> scansInLeads(MongoCollection<Document> leads, List<String> exhibitorIds) {
        Map<String, Integer> scans = new HashMap<>();
        for (Document lead : leads.find(Filters.in("exhibitorId", exhibitorIds)).projection(Projections.include("scans.scanId"))) {
            for (Document scan : lead.getList("scans", Document.class, List.of())) {
                scans.merge(scan.getString("scanId"), 1, Integer::sum);
            }
        }
        return scans;
    }

    private static Set<String> missing(Set<String> scanIds, Map<String, Integer> inLeads) {
        Set<String> missing = new HashSet<>(scanIds);
        missing.removeAll(inLeads.keySet());
        return missing;
    }

    private record Outcome(long lost, long duplicateLeads, long countedTwice) {
    }

    private record Alerts(int leads, long emailMissing, long webhookMissing, long emailDuplicates, long webhookDuplicates) {
    }

    /** Waits until every lead's alert reached its sales address and its CRM (or the time is up), and counts. */
    private Alerts awaitAlerts() throws Exception {
        try {
            await().atMost(ALERT_WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2)).until(() -> {
                Alerts alerts = countAlerts();
                return alerts.emailMissing() == 0 && alerts.webhookMissing() == 0;
            });
        } catch (org.awaitility.core.ConditionTimeoutException stillMissing) {
            // counted below
        }
        // Duplicates come late, if at all: after a dead instance's 30-second lease; counted as they are now.
        return countAlerts();
    }

    private Alerts countAlerts() throws Exception {
        int leads = 0;
        long emailMissing = 0;
        long webhookMissing = 0;
        long emailDuplicates = 0;
        long webhookDuplicates = 0;
        for (int e = 0; e < EXHIBITORS; e++) {
            Set<Integer> due = visitorsScanned.getOrDefault(e, Set.of());
            leads += due.size();
            Map<Integer, Integer> emails = visitorsIn(inboxSubjects(sales(e)));
            Map<Integer, Integer> webhooks = new HashMap<>();
            for (CrmReceiver.Call call : crms.get(e).verified()) {
                Matcher visitor = WEBHOOK_VISITOR.matcher(call.body());
                if (visitor.find()) {
                    webhooks.merge(Integer.parseInt(visitor.group(1)), 1, Integer::sum);
                }
            }
            for (int visitor : due) {
                emailMissing += emails.containsKey(visitor) ? 0 : 1;
                webhookMissing += webhooks.containsKey(visitor) ? 0 : 1;
            }
            emailDuplicates += emails.values().stream().mapToInt(count -> count - 1).sum();
            webhookDuplicates += webhooks.values().stream().mapToInt(count -> count - 1).sum();
        }
        return new Alerts(leads, emailMissing, webhookMissing, emailDuplicates, webhookDuplicates);
    }

    /** How many alert emails name each visitor (one subject per lead: "New lead: Visitor N12 (Company 12)"). */
    private static Map<Integer, Integer> visitorsIn(List<String> subjects) {
        Map<Integer, Integer> visitors = new HashMap<>();
        for (String subject : subjects) {
            Matcher visitor = VISITOR.matcher(subject);
            if (visitor.find()) {
                visitors.merge(Integer.parseInt(visitor.group(1)), 1, Integer::sum);
            }
        }
        return visitors;
    }

    /** The subjects in a mailbox of the launcher's mail server, read over IMAP (any password). */
    private List<String> inboxSubjects(String address) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("localhost", imapPort, address, "x");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            // Every envelope in one IMAP command: asked one by one, a thousand subjects took seconds on every poll.
            FetchProfile envelopes = new FetchProfile();
            envelopes.add(FetchProfile.Item.ENVELOPE);
            inbox.fetch(messages, envelopes);
            List<String> subjects = new ArrayList<>(messages.length);
            for (Message message : messages) {
                subjects.add(message.getSubject());
            }
            inbox.close(false);
            return subjects;
        } finally {
            store.close();
        }
    }

    /** {@code UP}, {@code DOWN} or {@code UNREACHABLE}: an instance's health, asked directly. */
    private String health(String url) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.body().contains("\"UP\"") && answer.statusCode() == 200 ? "UP"
                    : answer.body().contains("\"DOWN\"") ? "DOWN" : "OTHER " + answer.statusCode();
        } catch (IOException e) {
            return "UNREACHABLE";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNREACHABLE";
        }
    }

    /** A service instance the launcher started, found by the name on its command line. */
    private ProcessHandle instanceProcess(String instance) {
        return launcher.process().children()
                .filter(child -> child.info().commandLine().orElse("").contains("-Dexpo.instance=" + instance + " "))
                .findFirst().orElseThrow(() -> new AssertionError(instance + " is not running"));
    }

    private String bootstrap() {
        return "localhost:" + kafkaBase + ",localhost:" + (kafkaBase + 2) + ",localhost:" + (kafkaBase + 4);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
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

    private static String domain(int exhibitor) {
        return "fault-" + exhibitor + ".example";
    }

    private static String sales(int exhibitor) {
        return "sales@" + domain(exhibitor);
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    private static int freePortRange(int count) {
        return FreePorts.range(count);
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
