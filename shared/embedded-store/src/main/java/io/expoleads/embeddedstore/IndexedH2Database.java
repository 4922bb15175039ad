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
 * BSON ({@link BsonDocumentType}). Sorted queries with a limit keep only their top ({@link TopOfSort}).
 */
final class IndexedH2Database extends H2Database {

    /** mongo-java-server's name for a collection's documents in the file. */
    static final String DOCUMENTS = "databases.";
    /** ... and for its metadata (its data size). */
    private static final String META = "meta.";

    /**
     * The store of a database under construction: its superclass opens the existing collections from
     * its constructor, before this class's own fields are set.
     */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore mvStore;

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, opening(mvStore), cursorRegistry);
        OPENING.remove();
        this.mvStore = mvStore;
    }

    private static MVStore opening(MVStore mvStore) {
        OPENING.set(mvStore);
        return mvStore;
    }

    /**
     * A collection as mongo-java-server's H2 database opens it (its documents and its metadata in maps
     * named after it), its documents in BSON, never changed in place and answering sorted queries from their top ({@link IndexedH2Collection}).
     */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        MVStore store = mvStore != null ? mvStore : OPENING.get();
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> documents = store.openMap(DOCUMENTS + namespace,
                new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
        MVMap<String, Object> meta = store.openMap(META + namespace);
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
