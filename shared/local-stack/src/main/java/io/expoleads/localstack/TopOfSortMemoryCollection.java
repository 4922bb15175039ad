package io.expoleads.localstack;

import java.util.Comparator;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;

/** A collection of the memory store answering sorted queries with a limit from their top ({@link TopOfSort}). */
final class TopOfSortMemoryCollection extends MemoryCollection {

    TopOfSortMemoryCollection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
    }

    @Override
    protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documentStream, int numberToSkip, int limit,
                                                   int batchSize, Comparator<Document> documentComparator, Document fieldSelector) {
        Stream<Document> first = TopOfSort.narrow(documentStream, document -> documentMatchesQuery(document, query),
                documentComparator, numberToSkip, limit);
        return super.matchDocumentsFromStream(query, first, numberToSkip, limit, batchSize, documentComparator, fieldSelector);
    }
}
