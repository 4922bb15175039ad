package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.expoleads.testsupport.FreePorts;
import io.expoleads.testsupport.HttpJson;
import org.awaitility.core.ConditionTimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the launcher, which hosts the embedded store, while a booth uploads its
 * offline queue in batches of 1,000: every process it started ends within seconds, and after a
 * start on the same data folder every scan that had been answered ACCEPTED is in its lead, once.
 */
class LauncherCrashIT {

    private static final int BATCH = 1_000;
    private static final int VISITORS = 400;

    @Test
    void a_killed_launcher_leaves_no_process_behind_and_loses_no_acknowledged_scan() throws Exception {
        Path data = Files.createTempDirectory("expo-crash");
        int mongoPort = freePort();
        int webPort = freePort();
        List<String> options = List.of(
                "--kafka-port=" + freePort(), "--kafka-controller-port=" + freePort(), "--mongo-port=" + mongoPort,
                "--smtp-port=" + freePort(), "--imap-port=" + freePort(),
                "--exhibitor-port=" + freePort(), "--lead-port=" + freePort(), "--notification-port=" + freePort(),
                "--web-port=" + webPort);
        Instant began = Instant.now();
        Launcher first = Launcher.launch(data, options);
        double firstStart = seconds(began);
        Launcher second = null;
        try {
            Map<String, String> credentials = credentials(data);
            String web = "http://localhost:" + webPort;
            DeviceBooth booth = DeviceBooth.open(web, credentials.get("organizer.username"), credentials.get("organizer.password"),
                    "crash.example", VISITORS);
            double boothReady = seconds(began);

            // A phone uploading its offline queue, batch after batch, until the stack goes away.
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger unanswered = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Thread phone = new Thread(() -> {
                for (int sent = 0; !stop.get() && sent < 20; sent++) {
                    List<Map<String, Object>> queue = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        queue.add(booth.scan(sent * BATCH + i));
                    }
                    try {
                        HttpJson.Answer receipt = booth.device().post("/api/scans/batch", HttpJson.json(Map.of("scans", queue)));
                        if (receipt.status() != 202) {
                            unanswered.incrementAndGet();
                            continue;
                        }
                        for (JsonNode result : receipt.json().get("results")) {
                            if ("ACCEPTED".equals(result.get("status").asString())) {
                                accepted.add(result.get("scanId").asString());
                            }
                        }
                    } catch (RuntimeException stackGone) {
                        unanswered.incrementAndGet();
                    }
                }
            }, "offline-queue");
            phone.setDaemon(true);
            phone.start();

            await().atMost(Duration.ofMinutes(3)).until(() -> accepted.size() >= 2 * BATCH);
            List<ProcessHandle> children = first.process().descendants().toList();
            assertThat(children).as("Kafka and the four services").hasSizeGreaterThanOrEqualTo(5);
            double scanned = seconds(began);
            Instant kill = Instant.now();
            first.process().destroyForcibly();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            double childrenGone = Duration.between(kill, Instant.now()).toMillis() / 1000.0;
            stop.set(true);
            phone.join(Duration.ofSeconds(60).toMillis());
            double phoneDone = seconds(kill);
            int acknowledged = accepted.size();

            Instant restart = Instant.now();
            second = Launcher.launch(data, options);
            double restarted = Duration.between(restart, Instant.now()).toMillis() / 1000.0;
            try (MongoClient mongo = MongoClients.create("mongodb://localhost:" + mongoPort)) {
                var leads = mongo.getDatabase("leads").getCollection("leads");
                try {
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> missing(scansInLeads(leads, booth.exhibitorId()), accepted).isEmpty());
                } catch (ConditionTimeoutException stillMissing) {
                    // Counted and printed below: how many were lost says more than a time-out.
                }
                double caughtUp = seconds(restart);
                System.out.printf("Timeline: stack up %.1f s, booth ready %.1f s, %,d scans acknowledged %.1f s after the start;"
                        + " the phone gave up %.1f s after the kill; every acknowledged scan in its lead %.1f s after the restart began%n",
                        firstStart, boothReady, accepted.size(), scanned, phoneDone, caughtUp);
                Map<String, Integer> inLeads = scansInLeads(leads, booth.exhibitorId());
                Map<String, Integer> leadsPerAttendee = new HashMap<>();
                for (Document lead : leads.find(Filters.eq("exhibitorId", booth.exhibitorId()))
                        .projection(Projections.include("attendeeId"))) {
                    leadsPerAttendee.merge(lead.getString("attendeeId"), 1, Integer::sum);
                }
                long lost = missing(inLeads, accepted).size();
                long duplicateLeads = leadsPerAttendee.values().stream().filter(count -> count > 1).count();
                long countedTwice = inLeads.values().stream().filter(count -> count > 1).count();
                System.out.printf("Launcher killed with SIGKILL after %,d scans acknowledged (%d batches unanswered): every child"
                        + " gone %.1f s later; restarted in %.1f s; acknowledged scans lost %d, duplicate leads %d,"
                        + " scans counted twice %d (%,d scans in %d leads)%n", acknowledged, unanswered.get(), childrenGone,
                        restarted, lost, duplicateLeads, countedTwice, inLeads.size(), leadsPerAttendee.size());
                assertThat(lost).as("acknowledged scans lost").isZero();
                assertThat(duplicateLeads).as("duplicate leads").isZero();
                assertThat(countedTwice).as("scans counted twice").isZero();
            }
        } finally {
            if (first.process().isAlive()) {
                first.process().descendants().forEach(ProcessHandle::destroyForcibly);
                first.process().destroyForcibly();
            }
            if (second != null) {
                second.stopQuietly();
            }
        }
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    /** How many times each scan id appears in the exhibitor's leads. */
    private static Map<String, Integer> scansInLeads(com.mongodb.client.MongoCollection<Document> leads, String exhibitorId) {
        Map<String, Integer> scans = new HashMap<>();
        for (Document lead : leads.find(Filters.eq("exhibitorId", exhibitorId)).projection(Projections.include("scans.scanId"))) {
            for (Document scan : lead.getList("scans", Document.class, List.of())) {
                scans.merge(scan.getString("scanId"), 1, Integer::sum);
            }
        }
        return scans;
    }

    private static Set<String> missing(Map<String, Integer> inLeads, Set<String> accepted) {
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(inLeads.keySet());
        return missing;
    }

    private static Map<String, String> credentials(Path data) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var in = Files.newInputStream(data.resolve("local-credentials.properties"))) {
            properties.load(in);
        }
        return Map.of("organizer.username", properties.getProperty("organizer.username"),
                "organizer.password", properties.getProperty("organizer.password"));
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
