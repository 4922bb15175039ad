package io.expoleads.exhibitor.edition;

import java.util.List;

import io.expoleads.platform.web.ApiException;
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
        return mongo.exists(Query.query(Criteria.where("_id").is(editionId)), Editions.COLLECTION);
    }

    /** The edition's halls (empty when it names none); an unknown edition answers 404. */
    public List<String> halls(String editionId) {
        Edition edition = mongo.findById(editionId, Edition.class, Editions.COLLECTION);
        if (edition == null) {
            throw ApiException.notFound("Edition", editionId);
        }
        return edition.halls();
    }
}
