package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded store's indexes change which documents a query reads, never what it answers: the
 * same random writes and queries, on the store as the launcher opens it (in a file or in memory) and on
 * mongo-java-server's stock H2 backend (which reads every document for every query), give the same
 * answers in the same order, before and (for the H2 file) after the store is opened again and its
 * indexes rebuilt from the file.
 */
class EmbeddedStoreIndexTest {

    /**
     * Rounds of random writes, each followed by every query on both stores: 20 leave 317 and 339
     * documents (the seeds are fixed). 30 took 21 s of a CI run's first minutes, before any module
     * that needs this one could start; 20 take 9 s alone.
     */
    private static final int ROUNDS = 20;
    private static final List<String> EXHIBITORS = List.of("ex-1", "ex-2", "ex-3", "ex-4", "ex-5");
    private static final List<String> TAGS = List.of("hot", "warm", "cold", "vip");
    private static final List<String> STATUSES = List.of("PENDING", "SENT", "FAILED");
    private static final long DUE_FROM = 1_700_000_000_000L;

    @TempDir
    Path data;

    @ParameterizedTest(name = "memory store: {0}")
    @ValueSource(booleans = {false, true})
    void answersAsTheStoreWithoutIndexes(boolean memory) throws IOException {
        Path file = data.resolve("store.mv");
        MongoServer stock = new MongoServer(H2Backend.inMemory());
        EmbeddedStore indexed = EmbeddedStore.open(memory, file, freePort());
        int port = indexedPort;
        try (MongoClient plain = MongoClients.create(stock.bindAndGetConnectionString());
             MongoClient withIndexes = MongoClients.create("mongodb://localhost:" + port)) {
            Random random = new Random(memory ? 7 : 11);
            MongoCollection<Document> expected = declareIndexes(plain.getDatabase("store").getCollection("leads"));
            MongoCollection<Document> actual = declareIndexes(withIndexes.getDatabase("store").getCollection("leads"));
            for (int round = 0; round < ROUNDS; round++) {
                long seed = random.nextLong();
                writeAtRandom(expected, new Random(seed));
                writeAtRandom(actual, new Random(seed));
                assertSameAnswers(expected, actual, new Random(seed));
            }
            assertThat(actual.countDocuments()).as("documents written").isGreaterThan(300);
        } finally {
            indexed.close();
        }
        if (!memory) {
            // Opened again, the indexes are built from the file's documents.
            EmbeddedStore reopened = EmbeddedStore.open(false, file, freePort());
            MongoServer stockAgain = new MongoServer(H2Backend.inMemory());
            try (MongoClient plain = MongoClients.create(stockAgain.bindAndGetConnectionString());
                 MongoClient withIndexes = MongoClients.create("mongodb://localhost:" + indexedPort)) {
                MongoCollection<Document> actual = withIndexes.getDatabase("store").getCollection("leads");
                MongoCollection<Document> expected = plain.getDatabase("store").getCollection("leads");
                expected.insertMany(actual.find().into(new ArrayList<>()));
                assertSameAnswers(expected, actual, new Random(3));
            } finally {
                reopened.close();
                stockAgain.shutdownNow();
            }
        }
        stock.shutdownNow();
    }

    /**
     * Unique indexes live in memory ({@link HeapUniqueIndex}): a duplicate is refused before and after
     * the file is opened again, lookups by the unique field and by _id find the document, and a file
     * written by the stock H2 backend (its unique indexes stored in the file) opens with its documents
     * whole and its stored indexes gone.
     */
    @org.junit.jupiter.api.Test
    void uniqueIndexesHoldAcrossReopeningAndStoredOnesAreDropped() throws IOException {
        Path file = data.resolve("unique.mv");
        MongoServer stock = new MongoServer(new H2Backend(file.toString()));
        try (MongoClient client = MongoClients.create(stock.bindAndGetConnectionString())) {
            MongoCollection<Document> attendees = client.getDatabase("lead").getCollection("attendees");
            attendees.createIndex(Indexes.ascending("registrationId"), new IndexOptions().unique(true));
            for (int i = 0; i < 50; i++) {
                attendees.insertOne(new Document("_id", "attendee-" + i).append("registrationId", "R-" + i));
            }
        } finally {
            stock.shutdownNow();
        }
        assertThat(mapNames(file)).as("the stock backend stores its unique indexes").anyMatch(name -> name.contains("._index_"));

        for (int opening = 0; opening < 2; opening++) {
            EmbeddedStore store = EmbeddedStore.open(false, file, freePort());
            try (MongoClient client = MongoClients.create("mongodb://localhost:" + indexedPort)) {
                MongoCollection<Document> attendees = client.getDatabase("lead").getCollection("attendees");
                assertThat(attendees.countDocuments()).isEqualTo(50 + opening);
                assertThat(attendees.find(Filters.eq("registrationId", "R-7")).first()).containsEntry("_id", "attendee-7");
                assertThat(attendees.find(Filters.eq("_id", "attendee-8")).first()).containsEntry("registrationId", "R-8");
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(com.mongodb.MongoWriteException.class,
                        () -> attendees.insertOne(new Document("_id", "another").append("registrationId", "R-3"))))
                        .as("a second R-3").isNotNull()
                        .extracting(refused -> refused.getError().getCode()).isEqualTo(11000);
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(com.mongodb.MongoWriteException.class,
                        () -> attendees.insertOne(new Document("_id", "attendee-4").append("registrationId", "R-new"))))
                        .as("a second attendee-4").isNotNull();
                if (opening == 0) {
                    attendees.insertOne(new Document("_id", "attendee-50").append("registrationId", "R-50"));
                    attendees.updateOne(Filters.eq("_id", "attendee-9"), Updates.set("registrationId", "R-9b"));
                } else {
                    assertThat(attendees.find(Filters.eq("registrationId", "R-50")).first()).containsEntry("_id", "attendee-50");
                    assertThat(attendees.countDocuments(Filters.eq("registrationId", "R-9"))).as("the value moved away").isZero();
                    attendees.insertOne(new Document("_id", "attendee-51").append("registrationId", "R-9"));
                }
            } finally {
                store.close();
            }
            assertThat(mapNames(file)).as("no index left in the file").noneMatch(name -> name.contains("._index_"));
        }
        assertThat(storedTags(file, "databases.lead.attendees")).as("documents written by the stock backend and by this store")
                .containsExactlyInAnyOrder(ObjectDataTypeTag.SERIALIZED, ObjectDataTypeTag.BSON);
    }

    private enum ObjectDataTypeTag { SERIALIZED, BSON }

    /** How the documents of one collection are encoded in the file: Java-serialized by H2's object type, or BSON. */
    private static java.util.Set<ObjectDataTypeTag> storedTags(Path file, String map) {
        java.util.Set<ObjectDataTypeTag> tags = java.util.EnumSet.noneOf(ObjectDataTypeTag.class);
        BsonDocumentType bson = new BsonDocumentType();
        org.h2.mvstore.type.BasicDataType<Object> recording = new org.h2.mvstore.type.BasicDataType<>() {
            @Override
            public int getMemory(Object value) {
                return bson.getMemory(value);
            }

            @Override
            public void write(org.h2.mvstore.WriteBuffer buffer, Object value) {
                bson.write(buffer, value);
            }

            @Override
            public Object read(java.nio.ByteBuffer buffer) {
                tags.add((buffer.get(buffer.position()) & 0xff) == BsonDocumentType.BSON_DOCUMENT
                        ? ObjectDataTypeTag.BSON : ObjectDataTypeTag.SERIALIZED);
                return bson.read(buffer);
            }

            @Override
            public Object[] createStorage(int size) {
                return new Object[size];
            }
        };
        org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            org.h2.mvstore.MVMap<Object, Object> documents = store.openMap(map, new org.h2.mvstore.MVMap.Builder<>().valueType(recording));
            assertThat(new ArrayList<>(documents.values())).hasSize(52);
        } finally {
            store.close();
        }
        return tags;
    }

    private static List<String> mapNames(Path file) {
        org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            return List.copyOf(store.getMapNames());
        } finally {
            store.close();
        }
    }

    private int indexedPort;

    private int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            indexedPort = socket.getLocalPort();
            return indexedPort;
        }
    }

    private static MongoCollection<Document> declareIndexes(MongoCollection<Document> leads) {
        leads.createIndex(Indexes.compoundIndex(Indexes.ascending("exhibitorId"), Indexes.descending("lastScanAt")));
        leads.createIndex(Indexes.ascending("tags"));
        leads.createIndex(Indexes.ascending("status"), new IndexOptions().sparse(true));
        leads.createIndex(Indexes.ascending("score"));
        leads.createIndex(Indexes.ascending("outbox.eventId"), new IndexOptions().sparse(true));
        leads.createIndex(Indexes.ascending("dueAt"), new IndexOptions().sparse(true));
        leads.createIndex(Indexes.ascending("exhibitorId", "dueAt"), new IndexOptions().sparse(true));
        return leads;
    }

    /** Inserts, guarded and unguarded updates that move documents between index values, deletes. */
    private static void writeAtRandom(MongoCollection<Document> leads, Random random) {
        for (int i = 0; i < 20; i++) {
            leads.insertOne(lead(random));
        }
        for (int i = 0; i < 15; i++) {
            String id = "lead-" + random.nextInt(400);
            switch (random.nextInt(9)) {
                case 0 -> leads.updateOne(Filters.and(Filters.eq("_id", id), Filters.lt("revision", random.nextInt(4))),
                        Updates.combine(Updates.set("exhibitorId", pick(EXHIBITORS, random)), Updates.inc("revision", 1)));
                case 1 -> leads.updateOne(Filters.eq("_id", id), Updates.set("tags", tags(random)));
                case 2 -> leads.updateMany(Filters.eq("exhibitorId", pick(EXHIBITORS, random)),
                        Updates.set("status", pick(STATUSES, random)));
                case 3 -> leads.deleteOne(Filters.and(Filters.eq("_id", id), Filters.exists("status")));
                case 4 -> leads.deleteMany(Filters.and(Filters.eq("status", pick(STATUSES, random)),
                        Filters.eq("exhibitorId", pick(EXHIBITORS, random)), Filters.gt("score", 6)));
                case 5 -> leads.updateOne(Filters.eq("_id", id), Updates.push("outbox", new Document("eventId", "event-" + random.nextInt(50))));
                case 6 -> leads.updateMany(Filters.eq("exhibitorId", pick(EXHIBITORS, random)), Updates.set("outbox", List.of()));
                case 7 -> leads.updateOne(Filters.eq("_id", id), random.nextBoolean() ? Updates.set("dueAt", due(random))
                        : Updates.unset("dueAt"));
                default -> leads.findOneAndUpdate(Filters.and(Filters.in("_id", id, "lead-" + random.nextInt(400)),
                        Filters.eq("exhibitorId", pick(EXHIBITORS, random))), Updates.unset("status"));
            }
        }
    }

    private static void assertSameAnswers(MongoCollection<Document> expected, MongoCollection<Document> actual, Random random) {
        String exhibitor = pick(EXHIBITORS, random);
        String other = pick(EXHIBITORS, random);
        String id = "lead-" + random.nextInt(400);
        List<Bson> filters = List.of(
                Filters.eq("exhibitorId", exhibitor),
                Filters.and(Filters.eq("exhibitorId", exhibitor), Filters.gt("score", 4)),
                Filters.in("exhibitorId", exhibitor, other),
                Filters.and(Filters.in("exhibitorId", exhibitor, other), Filters.eq("status", "SENT")),
                Filters.eq("tags", pick(TAGS, random)),
                Filters.in("tags", "hot", "vip"),
                Filters.eq("score", 3),
                Filters.eq("score", 3.0),
                Filters.in("score", 1, 2.0, 9L),
                Filters.eq("status", pick(STATUSES, random)),
                Filters.eq("status", null),
                Filters.exists("status", false),
                Filters.eq("outbox.eventId", "event-" + random.nextInt(50)),
                Filters.exists("outbox.eventId"),
                Filters.exists("outbox.0"),
                Filters.exists("status"),
                Filters.and(Filters.exists("tags"), Filters.eq("score", 2)),
                Filters.and(Filters.eq("_id", id), Filters.lt("revision", 2)),
                Filters.and(Filters.in("_id", id, "lead-" + random.nextInt(400), "lead-nobody"), Filters.exists("status")),
                Filters.or(Filters.eq("exhibitorId", exhibitor), Filters.eq("status", "FAILED")),
                Filters.regex("exhibitorId", "ex-[12]"));
        for (Bson filter : filters) {
            assertThat(all(actual, collection -> collection.find(filter))).as("find " + filter)
                    .isEqualTo(all(expected, collection -> collection.find(filter)));
            assertThat(actual.countDocuments(filter)).as("count " + filter).isEqualTo(expected.countDocuments(filter));
        }
        Bson dashboard = Filters.eq("exhibitorId", exhibitor);
        assertThat(all(actual, collection -> collection.find(dashboard).sort(Sorts.descending("lastScanAt")).limit(5)))
                .as("an exhibitor's newest five")
                .isEqualTo(all(expected, collection -> collection.find(dashboard).sort(Sorts.descending("lastScanAt")).limit(5)));
        // Sorted with a limit: the store keeps only the top (TopOfSort); ties keep the store's order. (Not
        // sorted by an array field: the stock store's comparator breaks the sort's contract on arrays.)
        List<Function<MongoCollection<Document>, com.mongodb.client.FindIterable<Document>>> sorted = List.of(
                collection -> collection.find().sort(Sorts.ascending("score")).limit(7),
                collection -> collection.find(dashboard).sort(Sorts.descending("lastScanAt")).skip(2).limit(3),
                collection -> collection.find(Filters.exists("status")).sort(Sorts.ascending("status", "score")).limit(10)
                        .projection(Projections.include("score")),
                collection -> collection.find(Filters.lte("score", 4)).sort(Sorts.ascending("score")).skip(400).limit(5),
                collection -> collection.find().sort(Sorts.ascending("revision")).limit(1),
                // Sorted without a limit, or with one past TopOfSort.MOST: all that match sorted (KeyedSort).
                collection -> collection.find(dashboard).sort(Sorts.ascending("lastScanAt", "_id")),
                collection -> collection.find().sort(Sorts.orderBy(Sorts.descending("score"), Sorts.ascending("status"))),
                collection -> collection.find(Filters.exists("status")).sort(Sorts.descending("revision")).skip(3)
                        .projection(Projections.include("revision")),
                collection -> collection.find(Filters.in("exhibitorId", exhibitor, other)).sort(Sorts.ascending("status"))
                        .limit(TopOfSort.MOST + 1),
                collection -> collection.find().sort(Sorts.descending("missing", "revision")).skip(TopOfSort.MOST - 2).limit(5),
                // Projections leaving out top-level fields: shallow copies (IndexedH2Collection); others the store's own.
                collection -> collection.find(dashboard).sort(Sorts.ascending("lastScanAt", "_id")).projection(Projections.exclude("outbox", "tags")),
                collection -> collection.find(Filters.exists("outbox.eventId")).projection(Projections.exclude("_id", "status")),
                collection -> collection.find(Filters.in("exhibitorId", exhibitor, other)).skip(2).limit(9)
                        .projection(new Document("tags", 0).append("revision", false)),
                collection -> collection.find().sort(Sorts.descending("score")).limit(4).projection(Projections.exclude("outbox.eventId")),
                collection -> collection.find(dashboard).projection(Projections.fields(Projections.excludeId(), Projections.include("tags"))),
                // Sorted ascending by the field of the index that narrows them, with a limit: read in the
                // index's order until enough match (SecondaryIndex.positionsInOrder); ties in the store's order.
                collection -> collection.find(Filters.exists("dueAt")).sort(Sorts.ascending("dueAt")).limit(6),
                collection -> collection.find(Filters.and(Filters.exists("dueAt"), Filters.lte("dueAt", new Date(DUE_FROM + 10_000))))
                        .sort(Sorts.ascending("dueAt")).skip(2).limit(5).projection(Projections.include("dueAt")),
                collection -> collection.find(Filters.and(Filters.exists("dueAt"), Filters.nin("exhibitorId", exhibitor, other)))
                        .sort(Sorts.ascending("dueAt")).limit(4),
                // Holding the first field of the two-field index to some values: its groups merged (GroupOrder).
                collection -> collection.find(Filters.and(Filters.exists("dueAt"), Filters.gte("exhibitorId", "ex-2"),
                        Filters.lt("exhibitorId", "ex-5"), Filters.nin("exhibitorId", exhibitor))).sort(Sorts.ascending("dueAt")).limit(7),
                collection -> collection.find(Filters.and(Filters.exists("dueAt"), Filters.eq("exhibitorId", exhibitor)))
                        .sort(Sorts.ascending("dueAt")).skip(1).limit(3),
                collection -> collection.find(Filters.and(Filters.exists("dueAt"), Filters.eq("exhibitorId", null)))
                        .sort(Sorts.ascending("dueAt")).limit(4),
                collection -> collection.find(Filters.and(Filters.and(Filters.exists("dueAt"), Filters.lte("dueAt", new Date(DUE_FROM + 12_000))),
                        Filters.in("exhibitorId", exhibitor, other))).sort(Sorts.ascending("dueAt")).limit(5),
                collection -> collection.find(Filters.exists("status")).sort(Sorts.ascending("status")).limit(6),
                collection -> collection.find(Filters.in("status", "SENT", "FAILED")).sort(Sorts.ascending("status")).skip(3).limit(4),
                // Not in the index's order: descending, or by another field.
                collection -> collection.find(Filters.exists("dueAt")).sort(Sorts.descending("dueAt")).limit(3),
                collection -> collection.find(Filters.exists("dueAt")).sort(Sorts.ascending("score")).limit(3));
        for (int i = 0; i < sorted.size(); i++) {
            assertThat(all(actual, sorted.get(i))).as("sorted query " + i).isEqualTo(all(expected, sorted.get(i)));
        }
    }

    private static List<Document> all(MongoCollection<Document> collection,
                                      Function<MongoCollection<Document>, com.mongodb.client.FindIterable<Document>> query) {
        return query.apply(collection).into(new ArrayList<>());
    }

    /** A time among a few (so that many documents share one), now and then null. */
    private static Date due(Random random) {
        return random.nextInt(8) == 0 ? null : new Date(DUE_FROM + random.nextInt(20) * 1000L);
    }

    private static Document lead(Random random) {
        Document lead = new Document("_id", "lead-" + random.nextInt(400) + "-" + random.nextInt(1_000_000));
        // Now and then without an exhibitor: the group of null in the two-field index.
        if (random.nextInt(12) > 0) {
            lead.append("exhibitorId", pick(EXHIBITORS, random));
        }
        lead.append("lastScanAt", random.nextInt(10_000))
                .append("revision", random.nextInt(3))
                // Ints and doubles of the same value: the store compares numbers by value.
                .append("score", random.nextBoolean() ? (Object) random.nextInt(10) : (Object) (double) random.nextInt(10));
        if (random.nextInt(3) > 0) {
            lead.append("status", pick(STATUSES, random));
        }
        if (random.nextBoolean()) {
            lead.append("tags", tags(random));
        }
        if (random.nextInt(3) == 0) {
            lead.append("dueAt", due(random));
        }
        switch (random.nextInt(4)) {
            case 0 -> lead.append("outbox", List.of(new Document("eventId", "event-" + random.nextInt(50))));
            case 1 -> lead.append("outbox", List.of());
            case 2 -> lead.append("outbox", List.of(new Document("eventId", "event-" + random.nextInt(50)),
                    new Document("eventId", "event-" + random.nextInt(50))));
            default -> { }
        }
        if (random.nextInt(5) == 0) {
            lead.append("status", null);
        }
        return lead;
    }

    private static List<String> tags(Random random) {
        List<String> tags = new ArrayList<>();
        for (String tag : TAGS) {
            if (random.nextInt(3) == 0) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static String pick(List<String> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
