package io.expoleads.embeddedstore;

import java.util.Comparator;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

/**
 * A collection of the embedded store: mongo-java-server's H2 collection whose stored documents are never
 * changed in place, and which answers sorted queries with a limit from their top ({@link TopOfSort}).
 *
 * <p>mongo-java-server updates a document by changing the instance it read from the collection, then
 * hands it back to be stored. In an H2 map that instance is the one the map's page holds, and other
 * threads use it at the same time without the collection's lock: a commit encoding the page for the file
 * (any connection's, since {@link DurableH2Backend} commits after every write, or H2's background writer),
 * and the encoding of an earlier query's answer on its connection. An update that added or removed a
 * field under them broke both with a {@link java.util.ConcurrentModificationException}: a query's
 * connection was closed on the client, and a commit's failure made H2 close the whole store ("This store
 * is closed" to every command after it, until the launcher restarted). An update here changes a copy of
 * the documents it matched, which replaces the stored one: what other threads hold does not change.
 */
final class IndexedH2Collection extends H2Collection {

    /** Whether the query being answered reads documents that this collection's update will change (under its lock). */
    private boolean updating;

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        updating = true;
        try {
            return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        } finally {
            updating = false;
        }
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        updating = true;
        try {
            return super.findAndModify(query);
        } finally {
            updating = false;
        }
    }

    @Override
    protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documentStream, int numberToSkip, int limit,
                                                   int batchSize, Comparator<Document> documentComparator, Document fieldSelector) {
        Stream<Document> candidates = TopOfSort.narrow(documentStream, document -> documentMatchesQuery(document, query),
                documentComparator, numberToSkip, limit);
        if (updating) {
            candidates = candidates.filter(document -> documentMatchesQuery(document, query)).map(Document::cloneDeeply);
        }
        return super.matchDocumentsFromStream(query, candidates, numberToSkip, limit, batchSize, documentComparator, fieldSelector);
    }
}
