package io.expoleads.embeddedstore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;

/**
 * A unique index of the H2 file store kept in memory, as the memory store keeps its own, and rebuilt
 * from the collection when the store opens (the store fills a new empty index with every document).
 *
 * <p>mongo-java-server's H2 unique index is an MVMap keyed by the index's values in H2's generic
 * object type, which compares two keys by Java-serializing both: every lookup of a document by _id
 * (each guarded write, each claim, each insert's uniqueness check) serialized some twenty keys on its
 * way down the tree. In the benchmark's profile that was a fifth of the store's CPU, the largest
 * single cost. Hashing the key once is what the memory store does; the documents themselves stay in
 * the file, so nothing acknowledged depends on this index being on disk.
 *
 * <p>The same semantics as the store's own unique indexes: keys are the store's normalized key values
 * (so 1 and 1.0 are one key), uniqueness is checked by {@link AbstractUniqueIndex} before an add.
 */
final class HeapUniqueIndex<P> extends AbstractUniqueIndex<P> {

    private final Map<KeyValue, P> positions = new ConcurrentHashMap<>();

    HeapUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    @Override
    protected P removeDocument(KeyValue keyValue) {
        return positions.remove(keyValue);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean putKeyPosition(KeyValue keyValue, P position) {
        // The H2 store's positions are _id values, which a document may lack; the stock index stores
        // Missing in their place, and so does this one (a map holds no null).
        return positions.putIfAbsent(keyValue, (P) Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, P>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected P getPosition(KeyValue keyValue) {
        return positions.get(keyValue);
    }

    @Override
    public long getCount() {
        return positions.size();
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
