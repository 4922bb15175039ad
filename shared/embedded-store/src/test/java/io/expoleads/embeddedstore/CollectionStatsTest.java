package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collStats} says the size of the documents stored, counted when asked rather than at every write ({@link IndexedH2Collection}). */
class CollectionStatsTest {

    @TempDir
    Path data;

    @Test
    void collStatsSaysTheSizeOfTheDocumentsStored() {
        try (EmbeddedStore store = EmbeddedStore.open(false, data.resolve("store.mv"), 0);
             MongoClient client = MongoClients.create("mongodb://localhost:" + store.port() + "/?serverSelectionTimeoutMS=2000")) {
            MongoDatabase database = client.getDatabase("lead");
            MongoCollection<Document> leads = database.getCollection("leads");
            for (int id = 1; id <= 20; id++) {
                leads.insertOne(new Document("_id", "lead-" + id).append("company", "Company " + id));
            }
            leads.updateOne(Filters.eq("_id", "lead-3"), Updates.set("notes", "a longer note than any field before it"));
            leads.deleteOne(Filters.eq("_id", "lead-7"));

            List<Document> stored = leads.find().into(new ArrayList<>());
            long size = stored.stream().mapToLong(lead -> new RawBsonDocument(lead, new DocumentCodec()).getByteBuffer().remaining()).sum();
            Document stats = database.runCommand(new Document("collStats", "leads"));

            assertThat(stats.get("count", Number.class).longValue()).isEqualTo(19);
            assertThat(stats.get("size", Number.class).longValue()).as("the stored documents' BSON size").isEqualTo(size);
        }
    }
}
