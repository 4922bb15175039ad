package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store commits on the thread of the write that asked for it (no H2 background writer, whose
 * serialization and write threads each commit waited for), keeps house on a thread of its own, and
 * stops keeping house when the file closes.
 */
class DurableH2BackendTest {

    @TempDir
    Path data;

    @Test
    void commitsOnTheWritersThreadAndKeepsHouseUntilClosed() throws Exception {
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
            assertThat(threadsNamed("store-housekeeping " + file)).as("the store's own housekeeping").isEqualTo(1);

            backend.keepHouse();
            assertThat(leads.countDocuments()).isEqualTo(200);

            backend.getMvStore().closeImmediately();
            backend.keepHouse();
            assertThat(backend.housekeeping().isShutdown()).as("housekeeping of a closed file").isTrue();
        }
    }

    private static long threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.isAlive() && thread.getName().contains(part)).count();
    }
}
