package io.expoleads.embeddedstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;

/**
 * What keeping every acknowledged write ({@link DurableH2Backend}: each write's changes in the store's
 * log before its answer, the file committed each second) costs against the stock H2 backend (which
 * loses the last second's writes in a crash), on this machine: the write shapes the services make (single inserts from many
 * threads, upserts with {@code $inc}, inserts of 1,000). Prints figures; asserts nothing.
 * Run, from the repository: {@code ./mvnw -q -pl shared/embedded-store test-compile dependency:build-classpath
 * -Dmdep.includeScope=test -Dmdep.outputFile=target/classpath.txt}, then {@code java -cp
 * "shared/embedded-store/target/test-classes:shared/embedded-store/target/classes:$(cat shared/embedded-store/target/classpath.txt)"
 * io.expoleads.embeddedstore.StoreDurabilityBenchmark}
 */
public final class StoreDurabilityBenchmark {

    private static final int THREADS = 16;
    private static final String PAYLOAD = "x".repeat(250);

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        for (int round = 1; round <= rounds; round++) {
            measure("stock H2Backend (background commit)", H2Backend::new, round);
            measure("DurableH2Backend (log, commit each 1 s)", DurableH2Backend::inFile, round);
        }
    }

    private static void measure(String name, Function<String, MongoBackend> backend, int round) throws Exception {
        Path dir = Files.createTempDirectory("expo-store-bench");
        MongoBackend store = backend.apply(dir.resolve("bench.mv").toString());
        MongoServer server = new MongoServer(store);
        String address = server.bindAndGetConnectionString();
        try (MongoClient client = MongoClients.create(address)) {
            MongoCollection<Document> scans = client.getDatabase("bench").getCollection("scans");
            MongoCollection<Document> leads = client.getDatabase("bench").getCollection("leads");
            scans.insertOne(new Document("warm", true));
            int singles = 10_000;
            double single = parallel(singles, i -> scans.insertOne(new Document("_id", UUID.randomUUID().toString()).append("p", PAYLOAD)));
            int upserts = 10_000;
            double upsert = parallel(upserts, i -> leads.updateOne(Filters.eq("_id", "lead-" + (i % 2_000)),
                    Updates.combine(Updates.inc("scans", 1), Updates.setOnInsert("p", PAYLOAD)), new UpdateOptions().upsert(true)));
            int batches = 20;
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                List<Document> batch = new ArrayList<>(1_000);
                for (int i = 0; i < 1_000; i++) {
                    batch.add(new Document("_id", UUID.randomUUID().toString()).append("p", PAYLOAD));
                }
                scans.insertMany(batch);
            }
            double bulk = batches * 1_000 / seconds(start);
            System.out.printf("round %d  %-38s single inserts (%d threads) %,8.0f/s   upserts $inc %,8.0f/s   insertMany of 1,000 %,8.0f docs/s   file %,d KB, log %,d KB%n",
                    round, name, THREADS, single, upsert, bulk, Files.size(dir.resolve("bench.mv")) / 1024,
                    StoreLog.logs(dir.resolve("bench.mv")).stream().mapToLong(log -> log.toFile().length()).sum() / 1024);
        } finally {
            server.shutdownNow();
            if (store instanceof DurableH2Backend durable) {
                durable.closeForGood();
            } else {
                store.close();
            }
            // Each run writes 100 MB or more: none is kept.
            for (Path log : StoreLog.logs(dir.resolve("bench.mv"))) {
                Files.deleteIfExists(log);
            }
            Files.deleteIfExists(dir.resolve("bench.mv"));
            Files.deleteIfExists(dir);
        }
    }

    private static double parallel(int operations, java.util.function.IntConsumer operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread; i < operations; i += THREADS) {
                        operation.accept(i);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            return operations / seconds(start);
        } finally {
            pool.shutdown();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
