package io.expoleads.lead.attendee;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import io.expoleads.lead.LeadServiceIT;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** Attendees stored before the directory search get its keys at start and become findable; walk-ins get none; nothing else is touched. */
class SearchKeysBackfillIT extends LeadServiceIT {

    @Autowired
    SearchKeysBackfill backfill;
    @Autowired
    AttendeeDirectory directory;

    @Test
    void an_attendee_stored_without_search_keys_gets_them_and_is_found_and_a_second_run_changes_nothing() {
        String old = UUID.randomUUID().toString();
        String registration = "OLD-" + old.substring(0, 8);
        // As lead-service stored an attendee before the search: every field but the keys.
        mongo.getCollection(AttendeeDirectory.COLLECTION).insertOne(new Document("_id", old).append("editionId", edition)
                .append("registrationId", registration).append("firstName", "Ghizlane").append("lastName", "Aït Bensaïd")
                .append("company", "Société Générale Maroc").append("email", "ghizlane@visitors.example")
                .append("shareContact", true).append("revision", 1L));
        String current = UUID.randomUUID().toString();
        mongo.getCollection(AttendeeDirectory.COLLECTION).insertOne(new Document("_id", current).append("editionId", edition)
                .append("registrationId", "NEW-" + current.substring(0, 8)).append("firstName", "Ghizlane").append("lastName", "Other")
                .append("company", "Elsewhere").append("revision", 3L).append("searchKeys", List.of("f:kept as stored")));
        String exhibitor = approvedExhibitor();
        String walkIn = UUID.randomUUID().toString();
        mongo.getCollection(AttendeeDirectory.COLLECTION).insertOne(new Document("_id", walkIn).append("editionId", edition)
                .append("firstName", "Ghizlane").append("lastName", "Walk-in Bensaïd").append("company", "Société Générale Maroc")
                .append("revision", 1L).append("walkIn", new Document("exhibitorId", exhibitor)));
        assertThat(directory.search(edition, exhibitor, "bensaid")).as("not findable before").isEmpty();

        assertThat(backfill.run()).isPositive();

        assertThat(stored(old).getList("searchKeys", String.class))
                .isEqualTo(SearchKeys.of("Ghizlane", "Aït Bensaïd", "Société Générale Maroc"));
        assertThat(stored(old).getLong("revision")).as("only the keys added").isEqualTo(1L);
        assertThat(directory.search(edition, exhibitor, "bensaid")).extracting(DirectoryMatch::attendeeId).containsExactly(old);
        assertThat(directory.search(edition, exhibitor, "societe gen")).extracting(DirectoryMatch::attendeeId).containsExactly(old);
        assertThat(stored(current).getList("searchKeys", String.class)).as("an attendee with keys is left as it is")
                .containsExactly("f:kept as stored");
        assertThat(stored(walkIn).getList("searchKeys", String.class)).as("a walk-in is never searchable").isEmpty();
        assertThat(backfill.run()).as("nothing left to do").isZero();
    }

    private Document stored(String id) {
        return mongo.findOne(Query.query(Criteria.where("_id").is(id)), Document.class, AttendeeDirectory.COLLECTION);
    }
}
