package io.expoleads.localstack;

import java.util.List;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVStore;

/**
 * An H2 database of the embedded store whose indexes serve queries as MongoDB's would ({@link SecondaryIndex},
 * {@link IdLookup}), all kept in memory ({@link HeapUniqueIndex}): the file holds the documents only.
 */
final class IndexedH2Database extends H2Database {

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return StoreIndexes.unique(new HeapUniqueIndex<>(indexName, keys, sparse), keys);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return new SecondaryIndex<>(indexName, keys);
    }
}
