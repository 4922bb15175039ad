package io.expoleads.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.expoleads.testsupport.FreePorts;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.TestInfrastructure;
import io.expoleads.testsupport.TestTokens;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * lead-service as its own process with its heap capped at 256 MB exports 100,000 leads as XLSX, CSV
 * and JSON Lines, streamed to the client, logs each export complete with every row, and lives on.
 */
class LeadExportHeapIT {

    private static final int LEADS = 100_000;

    @Test
    void a_service_capped_at_256_mb_exports_100000_leads_in_each_format() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        String database = "leads-heap-" + UUID.randomUUID().toString().substring(0, 8);
        String exhibitor = UUID.randomUUID().toString();
        String edition = UUID.randomUUID().toString();
        try (MongoClient client = MongoClients.create("mongodb://" + infrastructure.mongoAddress())) {
            MongoDatabase leads = client.getDatabase(database);
            leads.getCollection("exhibitors").insertOne(new Document("_id", exhibitor).append("editionId", edition)
                    .append("revision", 1L).append("status", "APPROVED").append("companyName", "Atlas Mobility")
                    .append("activeStaff", List.of("amine")).append("activeDevices", List.of()));
            insertLeads(leads, exhibitor, edition);
        }
        Path repository = StackSettings.findRepositoryRoot();
        Path jar = repository.resolve("services/lead-service/target/lead-service.jar");
        Path log = Files.createTempDirectory("expo-export-heap").resolve("lead-service.log");
        int port = freePort();
        try (ChildProcess service = ChildProcess.startJava("lead-service", List.of("-Xmx256m", "-jar", jar.toString()), Map.of(
                "SERVER_PORT", Integer.toString(port),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "SPRING_MONGODB_URI", "mongodb://" + infrastructure.mongoAddress() + "/" + database,
                "EXPO_KAFKA_CONSUMER_GROUP", database,
                "EXPO_AUTH_JWKS_URI", TestTokens.get().jwksUri(),
                "EXPO_PRIVACY_KEY_ENCRYPTION_KEY", ExpoTestInfrastructure.keyEncryptionKey()), log)) {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200);
            for (String format : List.of("xlsx", "csv", "jsonl")) {
                long start = System.nanoTime();
                HttpResponse<InputStream> export = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + "/api/exhibitors/" + exhibitor + "/leads/export?format=" + format))
                        .header("Authorization", "Bearer " + TestTokens.get().admin(exhibitor)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(export.statusCode()).as(service.tail(20)).isEqualTo(200);
                long bytes = drain(export.body());
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("lead-service at -Xmx256m exported %,d leads as %s: %,d bytes in %.1f s = %,.0f rows/s%n",
                        LEADS, format, bytes, seconds, LEADS / seconds);
                try (MongoClient client = MongoClients.create("mongodb://" + infrastructure.mongoAddress())) {
                    Document query = new Document("exhibitorId", exhibitor).append("format", format);
                    await().atMost(Duration.ofSeconds(10)).until(() -> {
                        Document logged = client.getDatabase(database).getCollection("lead_exports").find(query).first();
                        return logged != null && "COMPLETE".equals(logged.get("status"));
                    });
                    Document finished = client.getDatabase(database).getCollection("lead_exports").find(query).first();
                    assertThat(((Number) finished.get("rows")).longValue()).as("rows in the export log").isEqualTo(LEADS);
                }
                assertThat(service.isAlive()).as("still running after the %s export: %s", format, service.tail(20)).isTrue();
            }
            assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
        } finally {
            try (MongoClient client = MongoClients.create("mongodb://" + infrastructure.mongoAddress())) {
                client.getDatabase(database).drop();
            }
        }
    }

    private static void insertLeads(MongoDatabase leads, String exhibitor, String edition) {
        Instant scanned = Instant.parse("2026-11-24T09:30:00Z");
        for (int from = 0; from < LEADS; from += 1_000) {
            List<Document> batch = new ArrayList<>(1_000);
            for (int n = from; n < from + 1_000; n++) {
                String attendeeId = UUID.nameUUIDFromBytes(("attendee-" + n).getBytes()).toString();
                batch.add(new Document("_id", exhibitor + "-" + n).append("exhibitorId", exhibitor).append("editionId", edition)
                        .append("attendeeId", attendeeId)
                        .append("attendee", new Document("attendeeId", attendeeId).append("editionId", edition)
                                .append("registrationId", "R-" + n).append("firstName", n % 2 == 0 ? "Élodie" : "يوسف")
                                .append("lastName", "Benali " + n).append("company", "Casa Transport")
                                .append("email", "v" + n + "@visitors.example").append("country", "MA").append("shareContact", true))
                        .append("searchText", "benali " + n).append("scanCount", 1)
                        .append("firstScanAt", java.util.Date.from(scanned)).append("lastScanAt", java.util.Date.from(scanned))
                        .append("lastScannedBy", "amine").append("scannedBy", List.of("amine")).append("rating", 1 + n % 5)
                        .append("tags", List.of("vip", "fleet"))
                        .append("notes", List.of(new Document("authorId", "amine").append("text", "Wants a demo " + n)
                                .append("updatedAt", java.util.Date.from(scanned))))
                        .append("updatedAt", java.util.Date.from(scanned)).append("revision", 1L).append("followUp", false));
            }
            leads.getCollection("leads").insertMany(batch);
        }
    }

    private static long drain(InputStream body) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (body) {
            int read;
            while ((read = body.read(buffer)) != -1) {
                total += read;
            }
        }
        return total;
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
