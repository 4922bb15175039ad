package io.expoleads.embeddedstore;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * An H2 database of the embedded store whose indexes serve queries as MongoDB's would ({@link SecondaryIndex},
 * {@link IdLookup}), all kept in memory ({@link HeapUniqueIndex}): the file holds the documents only, as
 * BSON ({@link BsonDocumentType}), their changes logged ({@link StoreLog}). Sorted queries with a limit keep only their top ({@link TopOfSort}).
 */
final class IndexedH2Database extends H2Database {

    /**
     * The store of a database under construction: its superclass opens the existing collections from
     * its constructor, before this class's own fields are set.
     */
    private static final ThreadLocal<StoreMaps> OPENING = new ThreadLocal<>();

    private final StoreMaps maps;

    IndexedH2Database(String databaseName, StoreMaps maps, CursorRegistry cursorRegistry) {
        super(databaseName, opening(maps), cursorRegistry);
        OPENING.remove();
        this.maps = maps;
    }

    private static MVStore opening(StoreMaps maps) {
        OPENING.set(maps);
        return maps.store();
    }

    /**
     * A collection as mongo-java-server's H2 database opens it (its documents and its metadata in maps
     * named after it), its documents in BSON, never changed in place and answering sorted queries from their top ({@link IndexedH2Collection}).
     */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        StoreMaps opened = maps != null ? maps : OPENING.get();
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = opened.documents(namespace);
        MVMap<String, Object> meta = opened.meta(namespace);
        return new IndexedH2Collection(this, collectionName, options, documents, meta, cursorRegistry);
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
