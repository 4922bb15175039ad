package io.expoleads.embeddedstore;

import java.util.List;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;

/** Which of a collection's unique indexes also serves queries naming more than its fields: the _id index. */
final class StoreIndexes {

    private StoreIndexes() {
    }

    static <P> Index<P> unique(Index<P> index, List<IndexKey> keys) {
        return keys.size() == 1 && "_id".equals(keys.get(0).getKey()) ? new IdLookup<>(index) : index;
    }
}
