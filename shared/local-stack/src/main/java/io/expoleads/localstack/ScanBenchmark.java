package io.expoleads.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Load on the scan path of a running stack, through its public HTTP API only, as booth scanners
 * make it: onboards exhibitors with one booth device each, imports visitors, fetches their signed
 * badges, then sends single scans from many concurrent scanners and offline queues in batches,
 * and waits until lead-service turned every accepted scan into its lead. Prints throughput and
 * latency figures, after the raw ceilings of the broker and the store measured in the same run;
 * it asserts nothing.
 *
 * <pre>java -cp shared/local-stack/target/expo-local-stack.jar io.expoleads.localstack.ScanBenchmark [--scans 20000] ...</pre>
 */
public final class ScanBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String exhibitorUrl;
    private final String leadUrl;

    private ScanBenchmark(String exhibitorUrl, String leadUrl) {
        this.exhibitorUrl = exhibitorUrl;
        this.leadUrl = leadUrl;
    }

    /** A booth: its exhibitor id, its admin's token and its device's token. */
    private record Booth(String exhibitorId, String adminToken, String deviceToken) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        String[] defaults = {"--exhibitor-url", "http://localhost:8081", "--lead-url", "http://localhost:8082",
            "--kafka", "localhost:9092", "--mongo", "mongodb://localhost:27017", "--data", "data", "--exhibitors", "8",
            "--visitors", "2000", "--scans", "20000", "--concurrency", "64", "--batches", "100", "--batch-size", "100"};
        for (int i = 0; i < defaults.length; i += 2) {
            options.put(defaults[i], defaults[i + 1]);
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                System.err.println("Unknown option " + args[i] + "; options: " + options.keySet());
                System.exit(2);
            }
            options.put(args[i], args[i + 1]);
        }
        LocalCredentials credentials = LocalCredentials.loadOrGenerate(Path.of(options.get("--data")));
        ceilings(options.get("--kafka"), options.get("--mongo"));
        new ScanBenchmark(options.get("--exhibitor-url"), options.get("--lead-url")).run(credentials,
                Integer.parseInt(options.get("--exhibitors")), Integer.parseInt(options.get("--visitors")),
                Integer.parseInt(options.get("--scans")), Integer.parseInt(options.get("--concurrency")),
                Integer.parseInt(options.get("--batches")), Integer.parseInt(options.get("--batch-size")));
    }

    private void run(LocalCredentials credentials, int exhibitors, int visitors, int scans, int concurrency, int batches,
                     int batchSize) throws Exception {
        System.out.printf("Scan benchmark: %d exhibitors, %d visitors, %d single scans from %d concurrent scanners, "
                + "%d offline queues of %d; %d cores%n", exhibitors, visitors, scans, concurrency, batches, batchSize,
                Runtime.getRuntime().availableProcessors());
        String organizer = call("POST", exhibitorUrl + "/api/auth/token", null, Map.of("username",
                credentials.organizerUsername(), "password", credentials.organizerPassword()), 200).get("accessToken").asText();
        String edition = call("POST", exhibitorUrl + "/api/editions", organizer, Map.of("name", "Benchmark " + Instant.now(),
                "venue", "OFEC", "startDate", java.time.LocalDate.now().toString(),
                "endDate", java.time.LocalDate.now().plusDays(2).toString()), 201).get("id").asText();
        List<Booth> booths = new ArrayList<>();
        for (int i = 0; i < exhibitors; i++) {
            booths.add(booth(edition, organizer, i));
        }
        long importStart = System.nanoTime();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < visitors; i++) {
            rows.add(Map.of("registrationId", "BENCH-" + i, "firstName", "Visitor", "lastName", "N" + i,
                    "company", "Company " + (i % 97), "email", "visitor" + i + "@bench.example", "shareContact", i % 3 != 0));
        }
        JsonNode report = call("POST", leadUrl + "/api/editions/" + edition + "/attendees/import", organizer, rows, 200);
        System.out.printf("Imported %d visitors in %.1f s%n", report.get("created").asInt(), seconds(importStart));
        List<String> badges = Collections.synchronizedList(new ArrayList<>());
        long badgeStart = System.nanoTime();
        AtomicInteger nextBadge = new AtomicInteger();
        parallel(8, () -> {
            int index;
            while ((index = nextBadge.getAndIncrement()) < report.get("attendees").size()) {
                badges.add(call("GET", leadUrl + "/api/attendees/" + report.get("attendees").get(index).get("attendeeId").asText()
                        + "/badge?format=json", organizer, null, 200).get("payload").asText());
            }
        });
        System.out.printf("Fetched %d signed badges in %.1f s%n", badges.size(), seconds(badgeStart));
        for (Booth booth : booths) {
            awaitScannable(booth, badges.get(0));
        }
        int warmedUp = booths.size();

        ConcurrentHistogram latency = new ConcurrentHistogram(3);
        AtomicInteger accepted = new AtomicInteger(warmedUp);
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long singleStart = System.nanoTime();
        parallel(concurrency, () -> {
            while (next.getAndIncrement() < scans) {
                Booth booth = booths.get(ThreadLocalRandom.current().nextInt(booths.size()));
                String badge = badges.get(ThreadLocalRandom.current().nextInt(badges.size()));
                long start = System.nanoTime();
                try {
                    JsonNode receipt = call("POST", leadUrl + "/api/scans", booth.deviceToken(), scan(badge), 202);
                    latency.recordValue((System.nanoTime() - start) / 1000);
                    if ("ACCEPTED".equals(receipt.get("status").asText())) {
                        accepted.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        double singleSeconds = seconds(singleStart);
        System.out.printf("Single scans: %d in %.1f s = %.0f scans/s; latency ms p50 %.1f, p95 %.1f, p99 %.1f, max %.1f; failed %d%n",
                scans, singleSeconds, scans / singleSeconds, millis(latency, 50), millis(latency, 95), millis(latency, 99),
                latency.getMaxValue() / 1000.0, failed.get());

        Histogram batchLatency = new ConcurrentHistogram(3);
        AtomicLong batchAccepted = new AtomicLong();
        AtomicInteger nextBatch = new AtomicInteger();
        long batchStart = System.nanoTime();
        parallel(Math.min(8, concurrency), () -> {
            while (nextBatch.getAndIncrement() < batches) {
                Booth booth = booths.get(ThreadLocalRandom.current().nextInt(booths.size()));
                List<Map<String, Object>> queue = new ArrayList<>();
                for (int i = 0; i < batchSize; i++) {
                    queue.add(scan(badges.get(ThreadLocalRandom.current().nextInt(badges.size()))));
                }
                long start = System.nanoTime();
                try {
                    JsonNode receipt = call("POST", leadUrl + "/api/scans/batch", booth.deviceToken(), Map.of("scans", queue), 202);
                    batchLatency.recordValue((System.nanoTime() - start) / 1000);
                    batchAccepted.addAndGet(receipt.get("accepted").asInt());
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        double batchSeconds = seconds(batchStart);
        long batchScans = (long) batches * batchSize;
        System.out.printf("Offline queues: %d scans in %d batches in %.1f s = %.0f scans/s; batch latency ms p50 %.1f, p99 %.1f%n",
                batchScans, batches, batchSeconds, batchScans / batchSeconds, millis(batchLatency, 50), millis(batchLatency, 99));

        long expected = accepted.get() + batchAccepted.get();
        long total = 0;
        while (true) {
            total = 0;
            for (Booth booth : booths) {
                total += call("GET", leadUrl + "/api/exhibitors/" + booth.exhibitorId() + "/stats", booth.adminToken(), null, 200)
                        .get("totalScans").asLong();
            }
            if (total >= expected || seconds(singleStart) > 600) {
                break;
            }
            Thread.sleep(250);
        }
        double pipelineSeconds = seconds(singleStart);
        System.out.printf("Pipeline: %d accepted scans in leads %.1f s after the first scan = %.0f scans/s end to end%s%n",
                total, pipelineSeconds, total / pipelineSeconds, total >= expected ? "" : " (INCOMPLETE: expected " + expected + ")");
    }

    /**
     * What the broker and the store take raw on this machine, measured in the same run: 100,000
     * records of 300 bytes (idempotent, acks=all, 3 partitions) and 20,000 documents of ~300 bytes
     * in batches of 1,000, each into a throw-away topic or database removed afterwards.
     */
    private static void ceilings(String kafka, String mongo) throws Exception {
        String topic = "expo.benchmark." + UUID.randomUUID();
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            Map<String, Object> config = new java.util.HashMap<>(admin);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            byte[] value = new byte[300];
            int records = 100_000;
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, value));
                }
                producer.flush();
            }
            System.out.printf("Kafka ceiling: %d records of 300 bytes in %.1f s = %.0f records/s%n", records, seconds(start),
                    records / seconds(start));
            client.deleteTopics(List.of(topic)).all().get();
        }
        String database = "benchmark_" + UUID.randomUUID().toString().replace("-", "");
        try (MongoClient client = MongoClients.create(mongo)) {
            MongoCollection<org.bson.Document> collection = client.getDatabase(database).getCollection("documents");
            int documents = 20_000;
            String padding = "x".repeat(250);
            long start = System.nanoTime();
            for (int from = 0; from < documents; from += 1_000) {
                List<org.bson.Document> batch = new ArrayList<>();
                for (int i = from; i < from + 1_000; i++) {
                    batch.add(new org.bson.Document("_id", "d-" + i).append("n", i).append("padding", padding));
                }
                collection.insertMany(batch);
            }
            System.out.printf("MongoDB ceiling: %d documents of ~300 bytes in batches of 1,000 in %.1f s = %.0f documents/s%n",
                    documents, seconds(start), documents / seconds(start));
            client.getDatabase(database).drop();
        }
    }

    private Booth booth(String edition, String organizer, int index) throws IOException, InterruptedException {
        String email = "bench-" + UUID.randomUUID() + "@bench.example";
        String password = "bench-" + UUID.randomUUID();
        String exhibitor = call("POST", exhibitorUrl + "/api/editions/" + edition + "/exhibitors", null, Map.of(
                "companyName", "Bench Exhibitor " + index, "contactName", "Bench", "contactEmail", email,
                "password", password), 201).get("id").asText();
        String admin = call("POST", exhibitorUrl + "/api/auth/token", null, Map.of("username", email, "password", password), 200)
                .get("accessToken").asText();
        call("POST", exhibitorUrl + "/api/exhibitors/" + exhibitor + "/submit", admin, null, 200);
        call("POST", exhibitorUrl + "/api/exhibitors/" + exhibitor + "/approve", organizer, null, 200);
        String setupCode = call("POST", exhibitorUrl + "/api/exhibitors/" + exhibitor + "/devices", admin,
                Map.of("name", "Scanner " + index), 201).get("setupCode").asText();
        String device = call("POST", exhibitorUrl + "/api/devices/activate", null, Map.of("setupCode", setupCode), 200)
                .get("token").get("accessToken").asText();
        return new Booth(exhibitor, admin, device);
    }

    /** Waits until lead-service learnt of the booth's approval and device from Kafka. */
    private void awaitScannable(Booth booth, String badge) throws Exception {
        long start = System.nanoTime();
        while (true) {
            HttpResponse<String> answer = send("POST", leadUrl + "/api/scans", booth.deviceToken(), scan(badge));
            if (answer.statusCode() == 202) {
                return;
            }
            if (seconds(start) > 60) {
                throw new IllegalStateException("lead-service never took a scan of booth " + booth.exhibitorId() + ": "
                        + answer.statusCode() + " " + answer.body());
            }
            Thread.sleep(200);
        }
    }

    private interface Worker {
        void work() throws Exception;
    }

    /** Runs the worker on that many threads at once and waits for all of them. */
    private static void parallel(int threads, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    worker.work();
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Object> scan(String badge) {
        return Map.of("scanId", UUID.randomUUID().toString(), "badge", badge, "scannedAt", Instant.now().toString());
    }

    private JsonNode call(String method, String url, String token, Object body, int expected) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(method, url, token, body);
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
    }

    private HttpResponse<String> send(String method, String url, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
