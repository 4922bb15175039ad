package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/**
 * A two-field index walked group by group ({@link GroupOrder}) answers as mongo-java-server's own store
 * (every document read, then sorted) for conditions on the group field that tell values of different
 * types apart, or none: the groups are the values as held, each checked with the store's matcher.
 * ({@link EmbeddedStoreIndexTest} covers random writes with string groups.)
 */
class GroupOrderTest {

    @Test
    void groupsOfNumbersOfEachTypeNullAndMissingAnswerAsTheStockStore() throws IOException {
        MongoServer stock = new MongoServer(H2Backend.inMemory());
        int port = freePort();
        EmbeddedStore indexed = EmbeddedStore.open(true, null, port);
        try (MongoClient plain = MongoClients.create(stock.bindAndGetConnectionString());
             MongoClient withIndexes = MongoClients.create("mongodb://localhost:" + port)) {
            MongoCollection<Document> expected = queue(plain.getDatabase("store").getCollection("queue"));
            MongoCollection<Document> actual = queue(withIndexes.getDatabase("store").getCollection("queue"));
            List<Bson> onLane = List.of(Filters.type("lane", "int"), Filters.type("lane", "long"), Filters.type("lane", "decimal"),
                    Filters.not(Filters.type("lane", "double")), Filters.mod("lane", 4, 1), Filters.in("lane", 5L),
                    Filters.gte("lane", 5), Filters.eq("lane", null), Filters.exists("lane", false), Filters.ne("lane", null),
                    Filters.nin("lane", "x", null), Filters.not(Filters.eq("lane", "x")));
            for (Bson lane : onLane) {
                assertThat(due(actual, lane)).as("due entries where " + lane).isEqualTo(due(expected, lane));
            }
            // Moved between groups and out of the order: the index follows.
            for (MongoCollection<Document> queue : List.of(expected, actual)) {
                queue.updateOne(Filters.eq("_id", "int 5"), Updates.set("due", new Date(5_000)));
                queue.updateOne(Filters.eq("_id", "double 5"), Updates.set("lane", 5));
                queue.updateOne(Filters.eq("_id", "string"), Updates.unset("lane"));
                queue.updateOne(Filters.eq("_id", "long"), Updates.unset("due"));
            }
            for (Bson lane : List.of(Filters.in("lane", 5, null), Filters.type("lane", "int"), Filters.exists("lane", false))) {
                assertThat(due(actual, lane)).as("after the moves, due entries where " + lane).isEqualTo(due(expected, lane));
            }
        } finally {
            indexed.close();
            stock.shutdownNow();
        }
    }

    private static MongoCollection<Document> queue(MongoCollection<Document> queue) {
        queue.createIndex(Indexes.ascending("lane", "due"), new IndexOptions().sparse(true));
        queue.insertMany(List.of(
                new Document("_id", "int 5").append("lane", 5).append("due", new Date(1_000)),
                new Document("_id", "double 5").append("lane", 5.0).append("due", new Date(2_000)),
                new Document("_id", "long").append("lane", 4_294_967_297L).append("due", new Date(3_000)),
                new Document("_id", "string").append("lane", "x").append("due", new Date(500)),
                new Document("_id", "missing").append("due", new Date(700)),
                new Document("_id", "null").append("lane", null).append("due", new Date(800)),
                new Document("_id", "decimal").append("lane", new Decimal128(7)).append("due", new Date(900)),
                new Document("_id", "int 5 again").append("lane", 5).append("due", new Date(1_000))));
        return queue;
    }

    /** The ids of the soonest due entries where the lane condition holds, as the due read asks. */
    private static List<Object> due(MongoCollection<Document> queue, Bson lane) {
        return queue.find(Filters.and(Filters.exists("due"), lane)).sort(Sorts.ascending("due")).limit(10)
                .map(document -> document.get("_id")).into(new ArrayList<>());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
