package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store answers a write once its changes are in the store's log, commits the file by
 * checkpoints on a thread of its own (no H2 background writer, whose serialization and write threads
 * each commit waited for), and after a crash opens at its last commit with the logs applied: every write
 * it acknowledged is there, whatever the file alone held.
 */
class DurableH2BackendTest {

    private static final int WRITERS = 16;
    private static final long NEVER = TimeUnit.HOURS.toMillis(1);

    @TempDir
    Path data;

    @Test
    void answersWritesOnceLoggedAndCommitsByCheckpointsUntilClosed() throws Exception {
        Path file = data.resolve("store.mv");
        DurableH2Backend backend = DurableH2Backend.inFile(file.toString(), NEVER);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(uri(server))) {
            MongoCollection<Document> leads = client.getDatabase("lead").getCollection("leads");
            leads.insertOne(new Document("_id", 0));
            backend.checkpoint();
            for (int id = 1; id <= 200; id++) {
                leads.insertOne(new Document("_id", id).append("name", "lead " + id));
                leads.updateOne(new Document("_id", id / 2), new Document("$inc", new Document("scans", 1)));
            }
            // (The file may have been committed meanwhile by housekeeping's compaction, every 5 s: not asserted.)
            assertThat(logBytes(file)).as("the writes' records in the log, written before their answers").isGreaterThan(200 * 20);
            assertThat(threadsNamed("MVStore background writer " + file)).as("H2's background writer").isZero();
            assertThat(threadsNamed("-serialization") + threadsNamed("-save")).as("H2's commit threads").isZero();
            assertThat(threadsNamed("store-housekeeping " + file)).as("the store's own housekeeping").isEqualTo(1);

            backend.checkpoint();
            assertThat(backend.getMvStore().hasUnsavedChanges()).as("after a checkpoint").isFalse();
            assertThat(logBytes(file)).as("the logs a checkpoint leaves").isZero();

            leads.createIndex(new Document("name", 1));
            assertThat(backend.getMvStore().hasUnsavedChanges()).as("after a command the log does not record").isFalse();

            backend.keepHouse();
            assertThat(leads.countDocuments()).isEqualTo(201);
        } finally {
            server.shutdownNow();
        }
        backend.getMvStore().closeImmediately();
        backend.keepHouse();
        assertThat(backend.housekeeping().isShutdown()).as("housekeeping of a closed file").isTrue();
    }

    @Test
    void everyAcknowledgedWriteIsInTheStoreOpenedAgainAfterACrash() throws Exception {
        Path file = data.resolve("store.mv");
        List<Document> answered;
        DurableH2Backend crashed = DurableH2Backend.inFile(file.toString(), NEVER);
        MongoServer server = new MongoServer(crashed);
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        try (MongoClient client = MongoClients.create(uri(server) + "&retryWrites=false&maxPoolSize=32")) {
            MongoCollection<Document> leads = client.getDatabase("lead").getCollection("leads");
            leads.insertOne(new Document("_id", 0).append("scans", 0));
            crashed.checkpoint();
            AtomicInteger asked = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int writer = 0; writer < WRITERS; writer++) {
                writers.execute(() -> {
                    while (!stop.get()) {
                        int id = asked.incrementAndGet();
                        leads.insertOne(new Document("_id", id).append("name", "lead " + id).append("scans", 0));
                        leads.updateOne(Filters.eq("_id", id / 2), Updates.combine(Updates.inc("scans", 1),
                                Updates.push("by", id)));
                        if (id % 10 == 0) {
                            leads.deleteOne(Filters.eq("_id", id - 5));
                        }
                        acknowledged.add(id);
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 2_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acknowledged).as("writes answered before the crash").hasSizeGreaterThanOrEqualTo(2_000);
            // The last write before the crash, alone: no other writer's write of the log can carry its record.
            leads.updateOne(Filters.eq("_id", 0), Updates.set("last", true));
            answered = leads.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        }
        // The crash: the file closed as a kill -9 leaves it (no commit), the log as written so far.
        crashed.getMvStore().closeImmediately();
        server.shutdownNow();
        assertThat(logBytes(file)).as("the log the crash leaves").isGreaterThan(0);

        DurableH2Backend reopened = DurableH2Backend.inFile(file.toString(), NEVER);
        MongoServer again = new MongoServer(reopened);
        try (MongoClient client = MongoClients.create(uri(again))) {
            List<Document> stored = client.getDatabase("lead").getCollection("leads").find().sort(Sorts.ascending("_id"))
                    .into(new ArrayList<>());
            assertThat(stored).as("the store opened again after the crash").containsExactlyElementsOf(answered);
            assertThat(logBytes(file)).as("the logs once applied and committed").isZero();
        } finally {
            again.shutdownNow();
            reopened.closeForGood();
        }
    }

    @Test
    void aRecordTornByTheCrashEndsTheReplay() throws Exception {
        Path file = data.resolve("store.mv");
        DurableH2Backend crashed = DurableH2Backend.inFile(file.toString(), NEVER);
        MongoServer server = new MongoServer(crashed);
        try (MongoClient client = MongoClients.create(uri(server))) {
            MongoCollection<Document> leads = client.getDatabase("lead").getCollection("leads");
            for (int id = 1; id <= 30; id++) {
                leads.insertOne(new Document("_id", id));
            }
        }
        crashed.getMvStore().closeImmediately();
        server.shutdownNow();
        Path log = StoreLog.logs(file).get(StoreLog.logs(file).size() - 1);
        long written = Files.size(log);
        // The 31st record, cut after its first bytes, and garbage after it.
        Files.write(log, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);

        DurableH2Backend reopened = DurableH2Backend.inFile(file.toString(), NEVER);
        MongoServer again = new MongoServer(reopened);
        try (MongoClient client = MongoClients.create(uri(again))) {
            assertThat(written).as("the 30 records before the torn one").isGreaterThan(30 * 20);
            assertThat(client.getDatabase("lead").getCollection("leads").countDocuments()).as("the records before the torn one")
                    .isEqualTo(30);
        } finally {
            again.shutdownNow();
            reopened.closeForGood();
        }
    }

    private static String uri(MongoServer server) {
        InetSocketAddress address = server.bind();
        return "mongodb://localhost:" + address.getPort() + "/?serverSelectionTimeoutMS=2000";
    }

    private static long logBytes(Path file) throws IOException {
        long bytes = 0;
        for (Path log : StoreLog.logs(file)) {
            bytes += Files.size(log);
        }
        return bytes;
    }

    private static long threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.isAlive() && thread.getName().contains(part)).count();
    }
}
