package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded store under writers and readers of the same documents at once, as the services use it under
 * load: updates that add and remove fields of documents other threads are reading, and of documents the
 * H2 file is writing out, on both stores the launcher opens. mongo-java-server updates a stored document in
 * place, so an update could change a document while another connection's commit was encoding it for the
 * file: H2 met a ConcurrentModificationException in its commit, took it for corruption and closed the
 * store, and every command after it failed until the launcher restarted. The store must stay open, every
 * command must succeed, and every document must end as its last acknowledged update left it.
 */
class EmbeddedStoreConcurrencyTest {

    private static final int DOCUMENTS = 40;
    private static final int FIELDS = 60;
    private static final long RUN_MILLIS = 3_000;

    @TempDir
    Path data;

    @ParameterizedTest(name = "memory store: {0}")
    @ValueSource(booleans = {false, true})
    void keepsEveryAcknowledgedUpdateWhileReadersAndCommitsRun(boolean memory) throws Exception {
        int port = freePort();
        EmbeddedStore store = EmbeddedStore.open(memory, data.resolve("store.mv"), port);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong updates = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + port)) {
            MongoCollection<Document> cards = client.getDatabase("store").getCollection("cards");
            MongoCollection<Document> log = client.getDatabase("store").getCollection("log");
            for (int id = 0; id < DOCUMENTS; id++) {
                Document card = new Document("_id", id).append("version", 0L);
                for (int field = 0; field < FIELDS; field++) {
                    card.append("f" + field, "value " + field);
                }
                cards.insertOne(card);
            }
            AtomicBoolean running = new AtomicBoolean(true);
            List<Future<?>> workers = new ArrayList<>();
            // Each document has one writer, so its last acknowledged update is known: writer w owns ids ≡ w (mod 4).
            long[][] lastVersion = new long[4][DOCUMENTS];
            for (int w = 0; w < 4; w++) {
                int writer = w;
                workers.add(threads.submit(() -> run(running, failures, () -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    int id = writer + 4 * random.nextInt(DOCUMENTS / 4);
                    long version = ++lastVersion[writer][id];
                    String field = "extra" + random.nextInt(8);
                    // Adds a field or removes one: the stored document's own map changes shape.
                    if (random.nextBoolean()) {
                        cards.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("version", version), Updates.set(field, version)));
                    } else {
                        cards.findOneAndUpdate(Filters.eq("_id", id), Updates.combine(Updates.set("version", version), Updates.unset(field)),
                                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                    }
                    updates.incrementAndGet();
                })));
            }
            for (int r = 0; r < 2; r++) {
                workers.add(threads.submit(() -> run(running, failures, () -> {
                    assertThat(cards.find().into(new ArrayList<>())).hasSize(DOCUMENTS);
                    reads.incrementAndGet();
                })));
            }
            // Writes to another collection: their commits write out whatever else is pending, the cards' pages too.
            for (int l = 0; l < 2; l++) {
                workers.add(threads.submit(() -> run(running, failures,
                        () -> log.insertOne(new Document("at", System.nanoTime())))));
            }
            TimeUnit.MILLISECONDS.sleep(RUN_MILLIS);
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            assertThat(failures).as("commands that failed").isEmpty();
            assertThat(updates.get()).as("updates").isGreaterThan(100);
            assertThat(reads.get()).as("reads").isGreaterThan(10);
            for (int id = 0; id < DOCUMENTS; id++) {
                Document card = cards.find(Filters.eq("_id", id)).first();
                assertThat(card.getLong("version")).as("version of card %d", id).isEqualTo(lastVersion[id % 4][id]);
                assertThat(card.keySet()).as("fields of card %d", id).contains("f0", "f" + (FIELDS - 1));
            }
        } finally {
            threads.shutdownNow();
            store.close();
        }
    }

    /**
     * The deterministic core of the above: the document instance a stored page holds (what a commit or an
     * earlier answer is encoding) is the same after an update that added a field, which a new instance replaced;
     * so are the lists and documents nested in it, after updates that push to one and set a field in the other
     * (the store copies only the top level of a document it updates: IndexedH2Collection).
     */
    @ParameterizedTest(name = "memory store: {0}")
    @ValueSource(booleans = {false, true})
    void anUpdateReplacesTheStoredDocumentInsteadOfChangingIt(boolean memory) throws Exception {
        DurableH2Backend backend = memory ? DurableH2Backend.inMemoryOnly() : DurableH2Backend.inFile(data.resolve("store.mv").toString());
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> cards = client.getDatabase("store").getCollection("cards");
            cards.insertOne(new Document("_id", 1).append("name", "first").append("history", List.of(new Document("n", 1)))
                    .append("contact", new Document("city", "Casablanca")));
            MVMap<Object, de.bwaldvogel.mongo.bson.Document> stored = backend.getMvStore().openMap(StoreMaps.DOCUMENTS + "store.cards");
            de.bwaldvogel.mongo.bson.Document held = stored.get(1);
            Object heldHistory = held.get("history");
            de.bwaldvogel.mongo.bson.Document heldContact = (de.bwaldvogel.mongo.bson.Document) held.get("contact");

            cards.updateOne(Filters.eq("_id", 1), Updates.set("added", true));
            cards.updateOne(Filters.eq("_id", 1), Updates.combine(Updates.push("history", new Document("n", 2)),
                    Updates.set("contact.city", "Rabat")));
            cards.findOneAndUpdate(Filters.eq("_id", 1), Updates.combine(Updates.unset("name"), Updates.push("history", new Document("n", 3))));

            assertThat(held.keySet()).as("the instance held before the updates").containsExactly("_id", "name", "history", "contact");
            assertThat((List<?>) heldHistory).as("the list it held").hasSize(1);
            assertThat(heldContact.get("city")).as("the document it held").isEqualTo("Casablanca");
            assertThat(stored.get(1).keySet()).as("the stored document").containsExactly("_id", "history", "contact", "added");
            assertThat((List<?>) stored.get(1).get("history")).as("the stored list").hasSize(3);
        } finally {
            server.shutdownNow();
            backend.closeForGood();
        }
    }

    private static void run(AtomicBoolean running, Queue<Throwable> failures, Runnable command) {
        while (running.get() && failures.isEmpty()) {
            try {
                command.run();
            } catch (RuntimeException | AssertionError failure) {
                failures.add(failure);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
