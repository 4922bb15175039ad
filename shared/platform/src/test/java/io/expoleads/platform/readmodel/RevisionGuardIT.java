package io.expoleads.platform.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.expoleads.testsupport.TestInfrastructure;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/** Guarded upserts against the MongoDB wire protocol: a document only ever moves to a later revision. */
class RevisionGuardIT {

    private static final String COLLECTION = "views";

    @Test
    void a_poll_of_writes_in_one_bulk_keeps_the_latest_revision_of_each_document_whatever_was_stored_or_sent_first() {
        String database = "revision-guard-" + UUID.randomUUID().toString().substring(0, 8);
        try (MongoClient client = MongoClients.create(TestInfrastructure.get().mongoUri(database))) {
            MongoTemplate mongo = new MongoTemplate(client, database);
            mongo.insert(new Document("_id", "stored-newer").append("name", "kept").append(RevisionGuard.REVISION, 5L), COLLECTION);
            mongo.insert(new Document("_id", "stored-older").append("name", "old").append(RevisionGuard.REVISION, 1L), COLLECTION);

            int changed = RevisionGuard.upsertAllIfNewer(mongo, COLLECTION, List.of(
                    write("stored-newer", 3, "redelivered"),
                    write("stored-older", 2, "moved on"),
                    // Two events of one new document in one poll, the later one first.
                    write("new", 2, "second"),
                    write("new", 1, "first"),
                    write("stored-older", 4, "moved on twice")));

            assertThat(changed).as("stored-older and new; stored-newer refused its older write").isEqualTo(2);
            assertThat(name(mongo, "stored-newer")).isEqualTo("kept 5");
            assertThat(name(mongo, "stored-older")).isEqualTo("moved on twice 4");
            assertThat(name(mongo, "new")).isEqualTo("second 2");
            // The same poll again (a redelivery) changes nothing.
            assertThat(RevisionGuard.upsertAllIfNewer(mongo, COLLECTION, List.of(write("new", 2, "second"), write("stored-older", 4, "again"))))
                    .isZero();
            assertThat(name(mongo, "stored-older")).isEqualTo("moved on twice 4");
            assertThat(RevisionGuard.upsertAllIfNewer(mongo, COLLECTION, List.of())).isZero();
        }
    }

    private static RevisionGuard.Write write(String id, long revision, String name) {
        return new RevisionGuard.Write(id, revision, new Update().set("name", name));
    }

    private static String name(MongoTemplate mongo, String id) {
        Document stored = mongo.findById(id, Document.class, COLLECTION);
        return stored.getString("name") + " " + stored.get(RevisionGuard.REVISION);
    }
}
