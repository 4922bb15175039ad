package io.expoleads.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * What bounds a scan on this machine, measured in the same run as the load, each on its own: a
 * badge's Ed25519 check on one core (Nimbus JOSE's {@code JWSObject.parse} and
 * {@code Ed25519Verifier}, as lead-service's {@code BadgeToken} does, with the edition's published
 * key), an access token's RS256 check on one core (Spring Security's {@code NimbusJwtDecoder} on
 * exhibitor-service's published keys, as every service's resource server does), the raw Kafka
 * producer at the size of a real scan record (idempotent, {@code acks=all}), and the raw store's
 * bulk insert (batches of 1,000 documents of that size).
 */
final class Ceilings {

    /** Each ceiling in operations (or records, or documents) per second; the record size measured. */
    record Figures(double ed25519PerSecond, double rs256PerSecond, double kafkaRecordsPerSecond, int recordBytes,
                   double storeDocumentsPerSecond) {
    }

    private Ceilings() {
    }

    static Figures measure(Settings settings, Fair fair, double seconds) throws Exception {
        double ed25519 = ed25519(settings, fair, seconds);
        double rs256 = rs256(settings, fair.organizerToken(), seconds);
        int recordBytes = scanRecordBytes(settings.kafka());
        double kafka = kafka(settings.kafka(), recordBytes, 100_000);
        double store = store(settings.mongo(), recordBytes, 20_000);
        return new Figures(ed25519, rs256, kafka, recordBytes, store);
    }

    static double ed25519(Settings settings, Fair fair, double seconds) throws Exception {
        HttpResponse<String> keys = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(settings.url() + "/api/editions/" + fair.editionId() + "/badge-keys")).build(),
                HttpResponse.BodyHandlers.ofString());
        JWKSet published = JWKSet.parse(keys.body());
        Map<String, JWSVerifier> verifiers = new HashMap<>();
        for (var key : published.getKeys()) {
            verifiers.put(key.getKeyID(), new Ed25519Verifier((OctetKeyPair) key));
        }
        List<String> badges = fair.badges();
        ThrowingOperation check = n -> {
            if (!verify(badges.get((int) (n % badges.size())), verifiers)) {
                throw new IllegalStateException("a badge of the run did not verify with its edition's published key");
            }
        };
        return perSecondWarm(check, seconds);
    }

    /** Something measured once per call, {@code n} counting the calls. */
    @FunctionalInterface
    interface ThrowingOperation {
        void run(long n) throws Exception;
    }

    /**
     * Calls per second of {@code operation} on this thread over {@code seconds}, after as long a
     * warm-up: a running service has compiled its hot code long before, and a cold loop measured
     * Ed25519 at a twentieth of its warm figure, which understated the ceiling a scan is compared to.
     */
    static double perSecondWarm(ThrowingOperation operation, double seconds) throws Exception {
        long n = 0;
        for (boolean warm : new boolean[] {false, true}) {
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long counted = 0;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 100; i++) {
                    operation.run(n++);
                    counted++;
                }
            }
            if (warm) {
                return counted / ((System.nanoTime() - start) / 1e9);
            }
        }
        throw new AssertionError("unreachable");
    }

    private static boolean verify(String badge, Map<String, JWSVerifier> verifiers) throws ParseException, JOSEException {
        JWSObject jws = JWSObject.parse(badge);
        JWSVerifier verifier = verifiers.get(jws.getHeader().getKeyID());
        return verifier != null && jws.verify(verifier);
    }

    static double rs256(Settings settings, String accessToken, double seconds) throws Exception {
        JwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(settings.exhibitorUrl() + "/.well-known/jwks.json").build();
        return perSecondWarm(n -> decoder.decode(accessToken), seconds);
    }

    /** The size of the newest record on expo.scans.v1 (the first partition holding one), what the raw producer is compared at. */
    static int scanRecordBytes(String kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("expo.scans.v1").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            ends.forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - 1)));
            for (int attempt = 0; attempt < 10; attempt++) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    return record.serializedValueSize() + Math.max(0, record.serializedKeySize());
                }
            }
        }
        throw new IllegalStateException("no record on expo.scans.v1 to take the size of");
    }

    static double kafka(String kafka, int recordBytes, int records) throws Exception {
        String topic = "expo.benchmark." + UUID.randomUUID();
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            Map<String, Object> config = new HashMap<>(admin);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            byte[] value = new byte[recordBytes];
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, value));
                }
                producer.flush();
            }
            double perSecond = records / ((System.nanoTime() - start) / 1e9);
            client.deleteTopics(List.of(topic)).all().get();
            return perSecond;
        }
    }

    static double store(String mongo, int documentBytes, int documents) {
        String database = "benchmark_" + UUID.randomUUID().toString().replace("-", "");
        try (MongoClient client = MongoClients.create(mongo)) {
            MongoCollection<Document> collection = client.getDatabase(database).getCollection("documents");
            String padding = "x".repeat(Math.max(0, documentBytes - 50));
            long start = System.nanoTime();
            for (int from = 0; from < documents; from += 1_000) {
                List<Document> batch = new ArrayList<>();
                for (int i = from; i < from + 1_000; i++) {
                    batch.add(new Document("_id", "d-" + i).append("n", i).append("padding", padding));
                }
                collection.insertMany(batch);
            }
            double perSecond = documents / ((System.nanoTime() - start) / 1e9);
            client.getDatabase(database).drop();
            return perSecond;
        }
    }
}
