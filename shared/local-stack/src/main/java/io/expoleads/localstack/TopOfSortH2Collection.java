package io.expoleads.localstack;

import java.util.Comparator;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/** A collection of the H2 file store answering sorted queries with a limit from their top ({@link TopOfSort}). */
final class TopOfSortH2Collection extends H2Collection {

    TopOfSortH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                          MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documentStream, int numberToSkip, int limit,
                                                   int batchSize, Comparator<Document> documentComparator, Document fieldSelector) {
        Stream<Document> first = TopOfSort.narrow(documentStream, document -> documentMatchesQuery(document, query),
                documentComparator, numberToSkip, limit);
        return super.matchDocumentsFromStream(query, first, numberToSkip, limit, batchSize, documentComparator, fieldSelector);
    }
}
