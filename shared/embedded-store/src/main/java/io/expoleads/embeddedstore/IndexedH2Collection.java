package io.expoleads.embeddedstore;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

/**
 * A collection of the embedded store: mongo-java-server's H2 collection whose stored documents are never
 * changed in place, and which sorts what a query asks sorted itself.
 *
 * <p>mongo-java-server updates a document by changing the instance it read from the collection, then
 * hands it back to be stored. In an H2 map that instance is the one the map's page holds, and other
 * threads use it at the same time without the collection's lock: a commit encoding the page for the file
 * (any connection's, since {@link DurableH2Backend} commits after every write, or H2's background writer),
 * and the encoding of an earlier query's answer on its connection. An update that added or removed a
 * field under them broke both with a {@link java.util.ConcurrentModificationException}: a query's
 * connection was closed on the client, and a commit's failure made H2 close the whole store ("This store
 * is closed" to every command after it, until the launcher restarted). An update here changes a copy of
 * the documents it matched, which replaces the stored one: what other threads hold does not change. A
 * copy of the top level is enough: mongo-java-server changes only the top-level fields of the document
 * it updates, each to the value of the updated document it builds from a deep copy of its own (a deep
 * copy here, a third per update, was a few percent of the launcher's processor time).
 *
 * <p>It sorts a sorted query's documents itself, reading each document's sort values once ({@link KeyedSort}),
 * and answers one with a limit from their top ({@link TopOfSort}). A query sorted ascending by the field
 * of the index that narrows it, with a limit, reads its documents in that index's order and stops once
 * it has enough that match, as MongoDB reads an index: the notification service's due deliveries (the
 * 32 soonest due of thousands unfinished) read a few dozen documents instead of every unfinished one,
 * whose reading and matching was a sixth of the store's processor time under a backlog.
 */
final class IndexedH2Collection extends H2Collection {

    /** Whether the query being answered reads documents that this collection's update will change (under its lock). */
    private boolean updating;

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    /**
     * The collection's data size is counted when asked ({@code collStats}, which the services never send)
     * instead of kept at every write: mongo-java-server encoded each document written, and on an update
     * the document before it too, only to add their sizes to a counter stored in the collection's
     * metadata map, itself a write (and a record of the store's log) per write.
     */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected synchronized int getDataSize() {
        long size = streamAllDocumentsWithPosition().mapToLong(stored -> BsonDocumentType.size(stored.getDocument())).sum();
        return (int) Math.min(size, Integer.MAX_VALUE);
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
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Stream<Object> inOrder = limit > 0 ? positionsInSortOrder(query, orderBy) : null;
        if (inOrder == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        long count = (long) Math.max(numberToSkip, 0) + limit;
        // Lazily: documents are read, in the sort's order, until enough match.
        Stream<Document> first = inOrder.map(this::getDocument).filter(Objects::nonNull)
                .filter(document -> documentMatchesQuery(document, query)).limit(count);
        return matchDocumentsFromStream(query, first, numberToSkip, limit, batchSize, null, fieldSelector);
    }

    /**
     * The positions of the documents the query can match in the order of its sort, when it sorts
     * ascending by one field and either an index on two fields walks it by groups of the first in the order
     * of the second, the sort's ({@link GroupOrder}: only the groups the query can match are read), or the
     * index the store picks for it (the first that can narrow it, as mongo-java-server picks) is ordered by
     * that field; else null.
     */
    private Stream<Object> positionsInSortOrder(Document query, Document orderBy) {
        if (orderBy == null || orderBy.size() != 1) {
            return null;
        }
        Map.Entry<String, Object> sort = orderBy.entrySet().iterator().next();
        if (!(sort.getValue() instanceof Number direction) || direction.intValue() <= 0) {
            return null;
        }
        List<Index<Object>> indexes = getIndexes();
        for (Index<Object> index : indexes) {
            Stream<Object> grouped = index instanceof SecondaryIndex<Object> ordered ? ordered.positionsInGroupOrder(query, sort.getKey()) : null;
            if (grouped != null) {
                return grouped;
            }
        }
        for (Index<Object> index : indexes) {
            if (index.canHandle(query)) {
                return index instanceof SecondaryIndex<Object> ordered && ordered.field().equals(sort.getKey())
                        ? ordered.positionsInOrder(query) : null;
            }
        }
        return null;
    }

    /**
     * A sorted query: its matching documents sorted here ({@link TopOfSort}, {@link KeyedSort}), then
     * handed on as the store's answer without a sort of its own; any other query as the store answers it.
     */
    @Override
    protected QueryResult matchDocumentsFromStream(Stream<Document> documentStream, Document query, Document orderBy, int numberToSkip,
                                                   int limit, int batchSize, Document fieldSelector) {
        KeyedSort sort = KeyedSort.of(orderBy);
        if (sort == null) {
            return super.matchDocumentsFromStream(documentStream, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        Stream<Document> sorted = TopOfSort.narrow(documentStream, document -> documentMatchesQuery(document, query), sort,
                numberToSkip, limit);
        return matchDocumentsFromStream(query, sorted, numberToSkip, limit, batchSize, null, fieldSelector);
    }

    /**
     * The store's answer to a query (sorted already, if it asks for a sort), whose documents a projection
     * that only leaves out top-level fields gets as shallow copies without those fields. mongo-java-server
     * copies each document whole, every nested document and list, before removing them: an export leaving
     * out each lead's scans copied 100,000 leads deeply, a quarter of the store's time answering it. What
     * a shallow copy shares with the stored document does not change (updates here change copies).
     */
    @Override
    protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documentStream, int numberToSkip, int limit,
                                                   int batchSize, Comparator<Document> documentComparator, Document fieldSelector) {
        Set<String> leftOut = documentComparator == null ? topLevelExclusions(fieldSelector) : null;
        if (leftOut == null) {
            Stream<Document> candidates = documentStream;
            if (updating) {
                candidates = candidates.filter(document -> documentMatchesQuery(document, query)).map(Document::clone);
            }
            return super.matchDocumentsFromStream(query, candidates, numberToSkip, limit, batchSize, documentComparator, fieldSelector);
        }
        Stream<Document> answer = documentStream.filter(document -> documentMatchesQuery(document, query));
        if (updating) {
            answer = answer.map(Document::clone);
        }
        if (numberToSkip > 0) {
            answer = answer.skip(numberToSkip);
        }
        if (limit > 0) {
            answer = answer.limit(limit);
        }
        answer = answer.map(document -> {
            Document copy = new Document(document);
            leftOut.forEach(copy::remove);
            return copy;
        });
        // Matched, cut and projected already: handed on as they are.
        return super.matchDocumentsFromStream(new Document(), answer, 0, 0, batchSize, null, null);
    }

    /**
     * The fields a projection leaves out when all it does is leave out fields at the top level (each
     * named plainly, with 0 or false); null for any other projection, which the store applies itself.
     */
    static Set<String> topLevelExclusions(Document fieldSelector) {
        if (fieldSelector == null || fieldSelector.isEmpty()) {
            return null;
        }
        Set<String> leftOut = new HashSet<>();
        for (Map.Entry<String, Object> field : fieldSelector.entrySet()) {
            String name = field.getKey();
            boolean plain = !name.isEmpty() && !name.contains(".") && !name.startsWith("$");
            boolean excluded = Boolean.FALSE.equals(field.getValue())
                    || field.getValue() instanceof Number number && number.doubleValue() == 0;
            if (!plain || !excluded) {
                return null;
            }
            leftOut.add(name);
        }
        return leftOut;
    }
}
