package io.expoleads.lead.attendee;

import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Gives the directory search's keys to attendees stored before the search existed: without them a
 * visitor imported earlier could not be looked up until their next import or update. Runs once per
 * start and finds nothing to do after the first; each write only adds keys to a document that still
 * has none, so an import or update racing it (which writes its own keys) is never overwritten, and
 * instances running it at once write the same keys.
 */
@Component
class SearchKeysBackfill {

    private static final Logger log = LoggerFactory.getLogger(SearchKeysBackfill.class);
    private static final String KEYS = "searchKeys";

    private final MongoTemplate mongo;

    SearchKeysBackfill(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        int given = run();
        if (given > 0) {
            log.info("Directory search keys given to {} attendees stored before the search existed", given);
        }
    }

    /** How many attendees got their keys. */
    int run() {
        Query withoutKeys = Query.query(Criteria.where(KEYS).exists(false));
        withoutKeys.fields().include("firstName", "lastName", "company", "walkIn");
        withoutKeys.cursorBatchSize(AttendeeDirectory.CHUNK);
        int[] given = {0};
        try (var stored = mongo.stream(withoutKeys, Document.class, AttendeeDirectory.COLLECTION)) {
            stored.forEach(attendee -> {
                // A walk-in has none, as Attendee gives them: no search may find them.
                List<String> keys = attendee.get("walkIn") != null ? List.of()
                        : SearchKeys.of(attendee.getString("firstName"), attendee.getString("lastName"), attendee.getString("company"));
                Query stillWithout = Query.query(Criteria.where("_id").is(attendee.get("_id")).and(KEYS).exists(false));
                given[0] += (int) mongo.updateFirst(stillWithout, Update.update(KEYS, keys), AttendeeDirectory.COLLECTION)
                        .getModifiedCount();
            });
        }
        return given[0];
    }
}
