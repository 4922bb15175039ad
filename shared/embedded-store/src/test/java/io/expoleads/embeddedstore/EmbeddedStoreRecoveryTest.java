package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When H2 closes the file store after an internal error (its "panic": every command then fails with
 * "This store is closed"), the store opens its file again by itself, with every write it acknowledged,
 * and serves commands again on the same port: the services see a short store outage, not a store that
 * refuses everything until the launcher restarts.
 */
class EmbeddedStoreRecoveryTest {

    @TempDir
    Path data;

    @Test
    void opensItsFileAgainWithEveryAcknowledgedWriteAfterH2ClosedIt() throws Exception {
        Path file = data.resolve("store.mv");
        try (EmbeddedStore store = EmbeddedStore.open(false, file, 0);
             MongoClient client = MongoClients.create("mongodb://localhost:" + store.port() + "/?serverSelectionTimeoutMS=2000")) {
            MongoCollection<Document> leads = client.getDatabase("lead").getCollection("leads");
            for (int id = 1; id <= 50; id++) {
                leads.insertOne(new Document("_id", id).append("name", "lead " + id));
            }
            DurableH2Backend closed = store.backend();

            closed.getMvStore().closeImmediately();

            assertThatThrownBy(() -> leads.insertOne(new Document("_id", 51))).as("the write that met the closed store")
                    .isInstanceOf(MongoException.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // A read can still be answered from the closed store's cached pages: the new backend is waited for.
            while (store.backend() == closed && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(store.backend()).as("the backend serving after the store was opened again").isNotSameAs(closed);
            // Connections the reopening cut fail once, as the services see them fail, and are retried.
            List<Document> found = retried(deadline, () -> leads.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
            assertThat(found).as("the leads after the store was opened again").hasSize(50);
            assertThat(found.get(49).getString("name")).isEqualTo("lead 50");
            retried(deadline, () -> leads.replaceOne(Filters.eq("_id", 52), new Document("_id", 52), new ReplaceOptions().upsert(true)));
            long count = retried(deadline, () -> leads.countDocuments());
            assertThat(count).isEqualTo(51);
        }
        try (EmbeddedStore reopened = EmbeddedStore.open(false, file, 0);
             MongoClient client = MongoClients.create("mongodb://localhost:" + reopened.port())) {
            assertThat(client.getDatabase("lead").getCollection("leads").countDocuments()).as("leads in the file").isEqualTo(51);
        }
    }

    private static <T> T retried(long deadline, Supplier<T> command) throws InterruptedException {
        while (true) {
            try {
                return command.get();
            } catch (MongoException cut) {
                if (System.nanoTime() > deadline) {
                    throw cut;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void aStoreClosedForGoodIsNotOpenedAgainByALateRecovery() {
        Path file = data.resolve("store.mv");
        EmbeddedStore store = EmbeddedStore.open(false, file, 0);
        DurableH2Backend last = store.backend();
        store.close();

        // The recovery's thread, started when a command met a closed H2 store, runs after the stack closed the store.
        store.openAgain();

        assertThat(store.backend()).as("the backend after a late recovery").isSameAs(last);
        assertThatThrownBy(store::start).isInstanceOf(IllegalStateException.class);
        try (EmbeddedStore reopened = EmbeddedStore.open(false, file, 0)) {
            assertThat(reopened.port()).as("the file is free for the next start").isPositive();
        }
    }
}
