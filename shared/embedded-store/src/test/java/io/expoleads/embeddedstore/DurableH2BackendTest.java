package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store commits on a thread of its own, once for the writes made while its previous commit ran
 * (no H2 background writer, whose serialization and write threads each commit waited for), answers a
 * write only once its file holds it, keeps house on a thread of its own, and stops keeping house when
 * the file closes.
 */
class DurableH2BackendTest {

    private static final int WRITERS = 16;

    @TempDir
    Path data;

    @Test
    void commitsOnItsOwnThreadAndKeepsHouseUntilClosed() throws Exception {
        Path file = data.resolve("store.mv");
        try (EmbeddedStore store = EmbeddedStore.open(false, file, 0);
             MongoClient client = MongoClients.create("mongodb://localhost:" + store.port())) {
            MongoCollection<Document> leads = client.getDatabase("lead").getCollection("leads");
            for (int id = 1; id <= 200; id++) {
                leads.insertOne(new Document("_id", id).append("name", "lead " + id));
                leads.updateOne(new Document("_id", id / 2), new Document("$inc", new Document("scans", 1)));
            }
            DurableH2Backend backend = store.backend();
            assertThat(backend.getMvStore().hasUnsavedChanges()).as("every acknowledged write committed").isFalse();
            assertThat(threadsNamed("MVStore background writer " + file)).as("H2's background writer").isZero();
            assertThat(threadsNamed("-serialization") + threadsNamed("-save")).as("H2's commit threads").isZero();
            assertThat(threadsNamed("store-commit " + file)).as("the store's group commit").isEqualTo(1);
            assertThat(threadsNamed("store-housekeeping " + file)).as("the store's own housekeeping").isEqualTo(1);

            backend.keepHouse();
            assertThat(leads.countDocuments()).isEqualTo(200);

            backend.getMvStore().closeImmediately();
            backend.keepHouse();
            assertThat(backend.housekeeping().isShutdown()).as("housekeeping of a closed file").isTrue();
        }
    }

    /**
     * Writers from many connections at once, then the store closed as a {@code kill -9} leaves its file (nothing
     * written after the last commit): every write that was answered "ok" is in the file, and writers shared commits.
     */
    @Test
    void everyAcknowledgedWriteIsInTheFileAndWritersShareCommits() throws Exception {
        Path file = data.resolve("store.mv");
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger asked = new AtomicInteger();
        AtomicBoolean crashed = new AtomicBoolean();
        long commits;
        try (EmbeddedStore store = EmbeddedStore.open(false, file, 0);
             MongoClient client = MongoClients.create("mongodb://localhost:" + store.port()
                     + "/?retryWrites=false&serverSelectionTimeoutMS=2000&maxPoolSize=32")) {
            MongoCollection<Document> leads = client.getDatabase("lead").getCollection("leads");
            leads.insertOne(new Document("_id", 0));
            DurableH2Backend backend = store.backend();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int writer = 0; writer < WRITERS; writer++) {
                writers.execute(() -> {
                    while (!crashed.get()) {
                        int id = asked.incrementAndGet();
                        try {
                            leads.insertOne(new Document("_id", id).append("name", "lead " + id));
                            acknowledged.add(id);
                        } catch (MongoException cut) {
                            return;
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 3_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            commits = backend.groupCommit().commits();
            int written = acknowledged.size();
            crashed.set(true);
            backend.getMvStore().closeImmediately();
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(written).as("writes answered before the crash").isGreaterThanOrEqualTo(3_000);
            assertThat(commits).as("commits for %d writes from %d connections", written, WRITERS).isLessThan(written);
        }
        try (EmbeddedStore reopened = EmbeddedStore.open(false, file, 0);
             MongoClient client = MongoClients.create("mongodb://localhost:" + reopened.port())) {
            Set<Integer> inFile = new HashSet<>();
            client.getDatabase("lead").getCollection("leads").find().forEach(lead -> inFile.add(lead.getInteger("_id")));
            assertThat(inFile).as("the leads in the file after the crash").containsAll(acknowledged);
        }
    }

    private static long threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.isAlive() && thread.getName().contains(part)).count();
    }
}
