package io.expoleads.embeddedstore;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The maps of the store's collections, opened as mongo-java-server names them: a collection's documents
 * ({@value #DOCUMENTS}{@code <database>.<collection>}, in BSON: {@link BsonDocumentType}) and its metadata
 * ({@value #META}{@code <database>.<collection>}), each appending its changes to the store's log (none in memory).
 */
record StoreMaps(MVStore store, StoreLog log) {

    /** mongo-java-server's name for a collection's documents in the file. */
    static final String DOCUMENTS = "databases.";
    /** ... and for its metadata (its data size). */
    static final String META = "meta.";

    MVMap<Object, Document> documents(String namespace) {
        return store.openMap(DOCUMENTS + namespace, new LoggedMap.Builder<Object, Document>(log).valueType(new BsonDocumentType()));
    }

    MVMap<String, Object> meta(String namespace) {
        return store.openMap(META + namespace, new LoggedMap.Builder<String, Object>(log));
    }

    /** The map of that name, as {@link #documents} or {@link #meta} opens it: what a record of the log names. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    MVMap<Object, Object> named(String name) {
        if (name.startsWith(DOCUMENTS)) {
            return (MVMap) documents(name.substring(DOCUMENTS.length()));
        }
        if (name.startsWith(META)) {
            return (MVMap) meta(name.substring(META.length()));
        }
        throw new IllegalStateException("The store's log names a map the store does not write: " + name);
    }
}
