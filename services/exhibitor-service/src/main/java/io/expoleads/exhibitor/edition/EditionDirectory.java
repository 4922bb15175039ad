package io.expoleads.exhibitor.edition;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Answers whether an edition exists, for features that attach things to one. */
@Component
public class EditionDirectory {

    private final MongoTemplate mongo;

    EditionDirectory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public boolean exists(String editionId) {
        return mongo.exists(Query.query(Criteria.where("_id").is(editionId)), EditionController.COLLECTION);
    }
}
