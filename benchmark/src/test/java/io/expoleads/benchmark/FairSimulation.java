package io.expoleads.benchmark;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.expoleads.testsupport.HttpJson;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import org.HdrHistogram.Histogram;

/**
 * The fair under load, open-loop (users arrive at a fixed rate whatever the stack answers, so a
 * slow stack meets the same load and its latency is not hidden): booth scanning at each arrival
 * rate in turn (new leads: each visitor at several booths), offline queues of 1,000 flushed at a
 * fixed rate, dashboards listing leads and stats and open live streams all along, then exports of
 * the export booth's leads as CSV, XLSX and JSON Lines. Before the load: the fair's set-up through
 * the public API, the export booth's leads sent as offline queues (the offline ingest figure), and
 * the ceilings. After it: the end-to-end latencies, resident memory, cold start and the issue's
 * objectives, printed as met or missed, never asserted. Gatling's HTML report is the run's artefact.
 */
public class FairSimulation extends Simulation {

    private static final Duration CEILING_TIME = Duration.ofSeconds(3);

    private final Settings settings = Settings.fromSystemProperties();
    private final Latencies latencies = new Latencies();
    private final StackProcesses processes = new StackProcesses(settings);
    private final Optional<Double> coldStart = processes.coldStartSeconds(List.of(settings.exhibitorUrl(), settings.leadUrl(),
            settings.notificationUrl(), settings.url()));
    private final Receiver receiver;
    private final Fair fair;
    private final double loadBefore = Report.loadAverage();
    private final double offlineIngest;
    private final Ceilings.Figures ceilings;
    private final LeadStreams streams;
    private final Inboxes inboxes;
    private final AtomicLong nextPair = new AtomicLong();
    private final Map<String, Long> exportMillis = new ConcurrentHashMap<>();
    private final OfflineQueues offline = new OfflineQueues(settings.catchUpMinutes());

    public FairSimulation() {
        try {
            receiver = new Receiver(latencies);
            long setUp = System.nanoTime();
            Fair opened = Fair.open(settings, receiver);
            opened.awaitScannable(settings, opened.badges().get(0));
            System.out.printf("Set up through the public API in %.1f s: %d exhibitors (%d scanning, %d offline, 1 export), "
                    + "%d devices and %d staff each, %d visitors with signed badges%n", (System.nanoTime() - setUp) / 1e9, opened.booths().size(),
                    opened.scanningBooths(settings).size(), settings.offlineExhibitors(), settings.devicesPerExhibitor(),
                    settings.staffPerExhibitor(), opened.badges().size());
            offlineIngest = seedExportBooth(opened);
            // The ingest's hundred thousand leads still travel to notification-service: the load waits for them.
            Pipeline.awaitIdle(settings, Duration.ofMinutes(settings.idleMinutes()));
            fair = opened.signedInAgain(settings);
            warmUp();
            Pipeline.awaitIdle(settings, Duration.ofMinutes(settings.idleMinutes()));
            ceilings = Ceilings.measure(settings, fair, CEILING_TIME.toSeconds());
            streams = new LeadStreams(latencies);
            for (Fair.Booth booth : fair.scanningBooths(settings)) {
                streams.watch(settings.url(), booth);
            }
            // Without IMAP (compose's Mailpit has none) the email stage is not measured.
            inboxes = settings.imapPort() == 0 ? null : new Inboxes(settings, fair.scanningBooths(settings), latencies);
        } catch (Exception e) {
            throw new IllegalStateException("the benchmark's set-up failed: " + e.getMessage(), e);
        }
        processes.phase("readers alone");

        HttpProtocolBuilder protocol = http.baseUrl(settings.url()).acceptHeader("application/json")
                .contentTypeHeader("application/json").shareConnections();
        // The readers start first, the measured scans and the offline queues once they are under way.
        int measured = settings.rates().size() * settings.seconds();
        int total = settings.settleSeconds() + measured;
        List<PopulationBuilder> load = new ArrayList<>();
        load.add(settled("scans", chain(settings.rates().stream().map(this::scanning).toList(), exports())));
        if (settings.offlineBatchesPerSecond() > 0) {
            load.add(settled("offline queues", offlineQueues().injectOpen(constantUsersPerSec(settings.offlineBatchesPerSecond())
                    .during(measured))));
        }
        if (settings.dashboardReadsPerSecond() > 0) {
            load.add(dashboards().injectOpen(constantUsersPerSec(settings.dashboardReadsPerSecond()).during(total)));
        }
        if (settings.streams() > 0) {
            load.add(liveStreams(total).injectOpen(atOnceUsers(settings.streams())));
        }
        setUp(load).protocols(protocol);
    }

    /**
     * The population after {@code expo.settle-seconds} of the readers alone: 200 live streams opening at
     * once and the sales teams' inboxes first read made the first seconds of the first rate ten times
     * slower than its rest (session 7: receipt p99 per second 3.9, 3.1, 2.3 s, then 0.2-0.6 s from the
     * eighth second on), which is the readers' arrival, not that rate. A fair's dashboards are open before
     * its doors are. The offline queues wait too: each lead of theirs is an alert, and fifteen seconds of
     * them before the scans would start the first rate behind on 6,000 deliveries.
     */
    private PopulationBuilder settled(String what, PopulationBuilder population) {
        if (settings.settleSeconds() <= 0) {
            return population;
        }
        return scenario("readers settle before the " + what).exec(pause(settings.settleSeconds())).injectOpen(atOnceUsers(1))
                .andThen(population);
    }

    /** Each rate after the one before, then the exports. */
    private static PopulationBuilder chain(List<PopulationBuilder> rates, PopulationBuilder last) {
        PopulationBuilder next = last;
        for (int i = rates.size() - 1; i >= 0; i--) {
            next = rates.get(i).andThen(next);
        }
        return next;
    }

    /** Single scans arriving at {@code rate} per second; each makes a new lead (a visitor not yet scanned at that booth). */
    private PopulationBuilder scanning(int rate) {
        Iterator<Map<String, Object>> scans = Stream.generate(this::nextScan).iterator();
        ScenarioBuilder scenario = scenario("scans at " + rate + "/s")
                .feed(scans)
                .exec(session -> {
                    processes.phase(rate + " scans/s");
                    if (session.getBoolean("newLead")) {
                        latencies.sent(rate, session.getString("exhibitorId"), session.getString("lastName"));
                    }
                    return session;
                })
                .exec(http("scan at " + rate + "/s").post("/api/scans").header("Authorization", "Bearer #{device}")
                        .body(StringBody("#{body}")).check(status().is(202), responseTimeInMillis().saveAs("took")))
                .exec(session -> {
                    if (session.contains("took") && !session.isFailed()) {
                        latencies.receipt(rate, session.getLong("took"));
                    }
                    return session;
                });
        return scenario.injectOpen(constantUsersPerSec(rate).during(settings.seconds()));
    }

    /**
     * The next single scan: a booth in turn, one of its devices and a visitor not yet scanned there (a new
     * lead) while such pairs last.
     */
    private Map<String, Object> nextScan() {
        List<Fair.Booth> booths = fair.scanningBooths(settings);
        List<String> badges = fair.badges();
        long pairs = (long) booths.size() * (badges.size() - 1);
        long k = nextPair.getAndIncrement();
        Fair.Booth booth = booths.get((int) (k % booths.size()));
        int visitor = 1 + (int) ((k / booths.size()) % (badges.size() - 1));
        Map<String, Object> scan = new LinkedHashMap<>();
        scan.put("exhibitorId", booth.exhibitorId());
        scan.put("lastName", "V" + visitor);
        scan.put("newLead", k < pairs);
        scan.put("device", booth.scannerTokens().get((int) ((k / booths.size()) % booth.scannerTokens().size())));
        scan.put("body", scanBody(badges.get(visitor)));
        return scan;
    }

    /**
     * Single scans at the first rate for {@code expo.warm-up-seconds}, open loop like the measured ones but
     * not measured, then the pipeline left to drain. A stack serves its first single scans with the code
     * of its quick compiler, or in the interpreter, while the optimising compiler works on the same two
     * cores: without this, the first rate measured that (in session 7 its receipt p99 was three times the
     * next rate's, at half its arrival rate), which a fair meets in its first minute only.
     */
    private void warmUp() throws Exception {
        int seconds = settings.warmUpSeconds();
        if (seconds <= 0) {
            return;
        }
        int rate = settings.rates().get(0);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<Void>> calls = new CopyOnWriteArrayList<>();
        AtomicLong accepted = new AtomicLong();
        long total = (long) rate * seconds;
        try {
            ticks.scheduleAtFixedRate(() -> {
                if (calls.size() >= total) {
                    return;
                }
                Map<String, Object> scan = nextScan();
                HttpRequest request = HttpRequest.newBuilder(URI.create(settings.url() + "/api/scans"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + scan.get("device"))
                        .POST(HttpRequest.BodyPublishers.ofString((String) scan.get("body"))).build();
                calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenAccept(answer -> {
                            if (answer.statusCode() == 202) {
                                accepted.incrementAndGet();
                            }
                        }).exceptionally(failed -> null));
            }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (calls.size() < total && System.nanoTime() < deadline + Duration.ofSeconds(5).toNanos()) {
                Fair.sleep(100);
            }
        } finally {
            ticks.shutdownNow();
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        System.out.printf("Warm-up, not measured: %d single scans at %d/s (%d answered 202)%n", calls.size(), rate, accepted.get());
    }

    /**
     * A phone back online flushes its queue of {@code batchSize} scans in one request and, as the scanner
     * app does, sends it again {@value OfflineQueues#RESEND_SECONDS} s later while it is not taken (refused,
     * or no answer within {@value OfflineQueues#ANSWER_SECONDS} s), during the rates and after them, up to
     * {@code expo.catch-up-minutes} after the last.
     */
    private ScenarioBuilder offlineQueues() {
        List<Fair.Booth> booths = fair.offlineBooths(settings);
        List<String> badges = fair.badges();
        AtomicLong next = new AtomicLong();
        Iterator<Map<String, Object>> queues = Stream.generate((Supplier<Map<String, Object>>) () -> {
            Fair.Booth booth = booths.get((int) (next.getAndIncrement() % booths.size()));
            StringBuilder body = new StringBuilder("{\"scans\":[");
            for (int i = 0; i < settings.batchSize(); i++) {
                body.append(i == 0 ? "" : ",").append(scanBody(badges.get(1 + ThreadLocalRandom.current().nextInt(badges.size() - 1))));
            }
            Map<String, Object> queue = new LinkedHashMap<>();
            queue.put("device", booth.scannerTokens().get(0));
            queue.put("phone", booth.scanners().get(0));
            queue.put("body", body.append("]}").toString());
            return queue;
        }).iterator();
        return scenario("offline queues").feed(queues)
                .exec(session -> {
                    offline.arrived(processes.phase());
                    return session.set("cameBack", processes.phase()).set("firstSend", System.nanoTime()).set("sends", 0).set("taken", false);
                })
                .asLongAs(session -> !session.getBoolean("taken") && !offline.pastCatchUp())
                .on(exec(session -> session.remove("queueStatus").remove("reason").remove("detail"))
                        .exec(http("offline queue of " + settings.batchSize()).post("/api/scans/batch")
                                .requestTimeout(Duration.ofSeconds(OfflineQueues.ANSWER_SECONDS))
                                .header("Authorization", "Bearer #{device}").body(StringBody("#{body}"))
                                .check(status().saveAs("queueStatus"))
                                .checkIf((response, session) -> response.status().code() != 202)
                                .then(jsonPath("$.reason").optional().saveAs("reason"), jsonPath("$.detail").optional().saveAs("detail"))
                                .check(status().is(202)))
                        .exec(session -> {
                            int sends = session.getInt("sends") + 1;
                            int status = session.contains("queueStatus") ? session.getInt("queueStatus") : 0;
                            String cameBack = session.getString("cameBack");
                            Session after = session.set("sends", sends).set("taken", status == 202);
                            if (status == 202) {
                                offline.taken(cameBack, sends, (System.nanoTime() - session.getLong("firstSend")) / 1_000_000);
                            } else {
                                offline.notTaken(cameBack, status, session.contains("reason") ? session.getString("reason") : null,
                                        session.contains("detail") ? session.getString("detail") : null);
                            }
                            if (status == 401) {
                                // Its access token ran out while the phone waited (15 minutes): it signs in again, as the app does.
                                Fair.Scanner phone = session.get("phone");
                                try {
                                    after = after.set("device", Fair.token(new HttpJson(settings.url()), phone.username(), phone.password()));
                                } catch (IllegalStateException busy) {
                                    // Its sign-in refused for now (a busy stack): tried again after the next refusal.
                                }
                            }
                            return after;
                        })
                        .doIf(session -> !session.getBoolean("taken")).then(pause(OfflineQueues.RESEND_SECONDS)))
                .exec(session -> {
                    if (!session.getBoolean("taken")) {
                        offline.stillWaiting(session.getString("cameBack"));
                    }
                    return session;
                });
    }

    /** An exhibitor's dashboard: its leads' first page and its stats. */
    private ScenarioBuilder dashboards() {
        List<Fair.Booth> booths = fair.scanningBooths(settings);
        AtomicLong next = new AtomicLong();
        Iterator<Map<String, Object>> readers = Stream.generate((Supplier<Map<String, Object>>) () -> {
            Fair.Booth booth = booths.get((int) (next.getAndIncrement() % booths.size()));
            return Map.<String, Object>of("exhibitorId", booth.exhibitorId(), "admin", booth.adminToken());
        }).iterator();
        return scenario("dashboards").feed(readers)
                .exec(http("dashboard: leads").get("/api/exhibitors/#{exhibitorId}/leads?limit=50")
                        .header("Authorization", "Bearer #{admin}").check(status().is(200)))
                .exec(http("dashboard: stats").get("/api/exhibitors/#{exhibitorId}/stats")
                        .header("Authorization", "Bearer #{admin}").check(status().is(200)));
    }

    /** A dashboard's live lead stream, open all along. */
    private ScenarioBuilder liveStreams(int seconds) {
        List<Fair.Booth> booths = fair.scanningBooths(settings);
        AtomicLong next = new AtomicLong();
        Iterator<Map<String, Object>> readers = Stream.generate((Supplier<Map<String, Object>>) () -> {
            Fair.Booth booth = booths.get((int) (next.getAndIncrement() % booths.size()));
            return Map.<String, Object>of("exhibitorId", booth.exhibitorId(), "admin", booth.adminToken());
        }).iterator();
        return scenario("live streams").feed(readers)
                .exec(sse("live stream").get("/api/exhibitors/#{exhibitorId}/leads/events")
                        .header("Authorization", "Bearer #{admin}"))
                .exec(pause(seconds))
                .exec(sse("live stream").close());
    }

    /** The export booth's leads taken away in each format, one after the other. */
    private PopulationBuilder exports() {
        ScenarioBuilder scenario = scenario("exports")
                // The phones whose queues were refused during the rates send them until taken: the exports come after.
                .exec(session -> {
                    offline.ratesEnded();
                    processes.phase("phones catching up");
                    return session;
                })
                .asLongAs(session -> offline.catchingUp()).on(pause(1))
                .exec(session -> {
                    // Its admin's token may be older than its 15 minutes after a long set-up and run.
                    Fair.Booth booth = fair.exportBooth();
                    HttpJson.Answer signIn = new HttpJson(settings.url()).post("/api/auth/token",
                            HttpJson.json(Map.of("username", booth.adminEmail(), "password", booth.adminPassword())));
                    String exportAdminToken = signIn.field("accessToken");
                    processes.phase("exports");
                    return session.set("admin", exportAdminToken).set("exhibitorId", booth.exhibitorId());
                });
        for (String format : List.of("csv", "xlsx", "jsonl")) {
            scenario = scenario.exec(exec(http("export " + settings.exportLeads() + " leads as " + format)
                    .get("/api/exhibitors/#{exhibitorId}/leads/export?format=" + format)
                    .header("Authorization", "Bearer #{admin}").header("Accept", "*/*")
                    .check(status().is(200), responseTimeInMillis().saveAs("took")))
                    .exec(session -> {
                        if (session.contains("took") && !session.isFailed()) {
                            exportMillis.put(format, session.getLong("took"));
                        }
                        return session;
                    }));
        }
        return scenario.injectOpen(atOnceUsers(1));
    }

    /**
     * The export booth's leads, one per visitor, sent as offline queues two at a time before the
     * load: the offline ingest figure (scans per second, from the first queue sent to the last
     * lead stored, as its stats count them).
     */
    private double seedExportBooth(Fair fair) throws InterruptedException {
        Fair.Booth booth = fair.exportBooth();
        HttpJson web = new HttpJson(settings.url());
        Fair.Scanner phone = booth.scanners().get(0);
        int leads = settings.exportLeads();
        long start = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        AtomicLong nextQueue = new AtomicLong();
        for (int t = 0; t < 2; t++) {
            Thread sender = new Thread(() -> {
                long from;
                HttpJson device = web.bearer(phone.token());
                while ((from = nextQueue.getAndIncrement() * settings.batchSize()) < leads) {
                    StringBuilder body = new StringBuilder("{\"scans\":[");
                    for (long v = from; v < Math.min(leads, from + settings.batchSize()); v++) {
                        body.append(v == from ? "" : ",").append(scanBody(fair.badges().get(1 + (int) v)));
                    }
                    HttpJson.Answer answer = device.post("/api/scans/batch", body.append("]}").toString());
                    if (answer.status() == 401) {
                        // A hundred thousand leads can take longer than a token lasts: the phone signs in again.
                        device = web.bearer(Fair.token(web, phone.username(), phone.password()));
                        answer = device.post("/api/scans/batch", body.toString());
                    }
                    Fair.require(answer, 202);
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double sent = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long stored = 0;
        HttpJson admin = web.bearer(Fair.token(web, booth.adminEmail(), booth.adminPassword()));
        while (stored < leads && System.nanoTime() < deadline) {
            // Less the warm-up visitor's lead, made before.
            HttpJson.Answer stats = admin.get("/api/exhibitors/" + booth.exhibitorId() + "/stats");
            if (stats.status() != 200) {
                // A busy stack may answer 503 for a moment: asked again at the next turn.
                System.out.println("The export booth's stats answered " + stats.status() + ": " + stats.text());
            } else {
                stored = stats.json().get("totalLeads").asLong() - 1;
            }
            if (stored < leads) {
                Fair.sleep(200);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Offline ingest: %d scans in queues of %d, answered in %.1f s, all %d leads stored %.1f s after the "
                + "first queue = %.0f scans/s%s%n", leads, settings.batchSize(), sent, stored, seconds, stored / seconds,
                stored < leads ? " (INCOMPLETE)" : "");
        return stored / seconds;
    }

    private static String scanBody(String badge) {
        return "{\"scanId\":\"" + UUID.randomUUID() + "\",\"badge\":\"" + badge + "\",\"scannedAt\":\"" + Instant.now() + "\"}";
    }

    @Override
    public void after() {
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.drainSeconds()).toNanos();
        while (System.nanoTime() < deadline && !drained()) {
            Fair.sleep(250);
        }
        Report report = new Report(settings, loadBefore, latencies, ceilings, offlineIngest, exportMillis, processes.byPhase(), coldStart,
                processes.found(), receiver.refused(), offline);
        String text = report.text();
        System.out.println(text);
        try {
            // The module's target folder, whether the run was started from the module or from the repository's root.
            Path target = Files.isDirectory(Path.of("benchmark", "target")) ? Path.of("benchmark", "target") : Path.of("target");
            Path figures = target.resolve("benchmark-figures.txt");
            Files.createDirectories(figures.getParent());
            Files.writeString(figures, text);
            Path chart = target.resolve("latency-by-rate.png");
            LatencyChart.write(latencies, settings, String.format("%d cores, load average %.1f at the start; %d s per rate; "
                    + "p50 dashed, p99 solid", Runtime.getRuntime().availableProcessors(), loadBefore, settings.seconds()), chart);
            System.out.println("Latency chart: " + chart.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (inboxes != null) {
                inboxes.close();
            }
            processes.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.close();
        receiver.close();
    }

    /** Whether every new lead sent was seen stored, called back and emailed. */
    private boolean drained() {
        for (int rate : settings.rates()) {
            long sent = latencies.sentAt(rate);
            for (Latencies.Stage stage : inboxes == null ? List.of(Latencies.Stage.STORED, Latencies.Stage.WEBHOOK)
                    : List.of(Latencies.Stage.STORED, Latencies.Stage.WEBHOOK, Latencies.Stage.EMAIL)) {
                Histogram seen = latencies.at(stage, rate);
                if (seen.getTotalCount() < sent) {
                    return false;
                }
            }
        }
        return true;
    }
}
