package io.expoleads.embeddedstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.type.ObjectDataType;

/**
 * A non-unique index, kept in memory, for the indexes the services declare ({@code exhibitorId} on
 * leads, {@code nextAttemptAt} on the deliveries...). mongo-java-server accepts them and ignores them, so
 * every query on such a field read its whole collection under the collection's lock: a dashboard's
 * "my leads" read 100,000 leads and held up every scan's write meanwhile. This one maps the value of
 * the index's first field to the documents holding it; a query holding that field to a few values
 * ({@link QueryNarrowing}) reads only those documents, which the store's matcher then filters with
 * the whole query (the other fields of a compound index, sort, limit). Rebuilt from the collection
 * when the store opens (the store adds every document to a new empty index): nothing of it is on disk.
 *
 * <p>It also knows which documents have the field at all, for a query asking only that it exist (the
 * outbox sweep's {@code {"outbox.eventId": {$exists: true}}}: the few documents with events pending,
 * where a sweep used to read the whole collection). Values are indexed for a first field without a
 * dot; presence for any path, as the store's own matcher decides it.
 *
 * <p>It also gives the documents a query can match in the order of the field's values
 * ({@link #positionsInOrder}), for a query sorted by that field with a limit, as MongoDB reads an index
 * in order and stops at the limit ({@link IndexedH2Collection}). That order is kept ({@code inValueOrder}),
 * not sorted for each query: the notification service's due read, sorted by due time over every unfinished
 * delivery, sorted them twice per read (by position, then by time, looking each one's time up at every
 * comparison), 42 % of the launcher's processor time under a backlog of thousands.
 *
 * <p>Declared sparse, as mongo-java-server's own stand-in for these indexes is: a document it does not
 * know is not an error on removal.
 */
final class SecondaryIndex<P> extends Index<P> {

    private static final String ID = "_id";

    private static final QueryMatcher MATCHER = new DefaultQueryMatcher();

    private final String field;
    /** The top-level field holding {@code field} (itself when it names no path): what its value and presence come from. */
    private final String topLevel;
    private final boolean byValue;
    private final Document present;
    private final Map<Object, Set<P>> positionsByValue = new HashMap<>();
    private final Set<P> positionsPresent = new HashSet<>();
    private final Map<P, Set<Object>> valuesByPosition = new HashMap<>();
    private final Map<Object, P> positionById = new HashMap<>();
    /** The documents holding an array in the field: a sort by it is not an order of the index's values. */
    private final Set<P> positionsWithArrays = new HashSet<>();
    /** How the H2 store orders its documents' positions (their _id, by its key type): the order among equal values. */
    private final ObjectDataType keyOrder = new ObjectDataType();
    /**
     * The documents holding a time, a string or null in the field, by value in the store's sort
     * order, and among equal values in the store's order (thousands of deliveries opened at once share a time).
     */
    private final TreeMap<Object, TreeSet<P>> inValueOrder = new TreeMap<>(KeyedSort.ASCENDING);
    /** The documents holding any other value (numbers are held normalized, which a sort does not compare them as). */
    private final Set<P> positionsNotInOrder = new HashSet<>();
    /** For an index on two fields, both ascending: its documents by first field, in the second's order; else null. */
    private final GroupOrder<P> groupOrder;

    SecondaryIndex(String name, List<IndexKey> keys) {
        super(name, keys, true);
        this.field = keys.get(0).getKey();
        this.byValue = !field.contains(".");
        this.topLevel = byValue ? field : field.substring(0, field.indexOf('.'));
        this.present = new Document(field, new Document("$exists", true));
        this.groupOrder = keys.size() == 2
                ? GroupOrder.of(field, keys.get(0).isAscending(), keys.get(1).getKey(), keys.get(1).isAscending()) : null;
    }

    @Override
    public P getPosition(Document document) {
        // The _id index says where a document is.
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // Not unique: nothing to refuse.
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        index(document, position);
        positionById.put(identity(document), position);
    }

    private void index(Document document, P position) {
        Set<Object> values = valuesOf(document);
        values.forEach(value -> positionsByValue.computeIfAbsent(value, any -> new LinkedHashSet<>()).add(position));
        valuesByPosition.put(position, values);
        if (byValue && document.get(field) instanceof Collection<?>) {
            positionsWithArrays.add(position);
        } else if (byValue && document.containsKey(field)) {
            // A document without the field is not in the order: a query it serves asks for the field.
            Object value = values.iterator().next();
            if (ordered(value)) {
                inValueOrder.computeIfAbsent(value, any -> inStoreOrder()).add(position);
            } else {
                positionsNotInOrder.add(position);
            }
        }
        if (MATCHER.matches(document, present)) {
            positionsPresent.add(position);
        }
        if (groupOrder != null) {
            groupOrder.add(document, position);
        }
    }

    @Override
    public synchronized P remove(Document document) {
        P position = positionById.remove(identity(document));
        if (position != null) {
            unindex(position);
        }
        return position;
    }

    @Override
    public boolean canHandle(Document query) {
        return byValue && QueryNarrowing.valuesOf(field, query) != null || QueryNarrowing.requiresPresence(field, query);
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        return inStoreOrder(candidates(query));
    }

    /** The documents holding one of the values the query holds the field to, else those holding the field (see {@link #canHandle}). */
    private Collection<P> candidates(Document query) {
        List<Object> values = byValue ? QueryNarrowing.valuesOf(field, query) : null;
        if (values == null) {
            return positionsPresent;
        }
        Set<P> found = new LinkedHashSet<>();
        for (Object value : values) {
            found.addAll(positionsByValue.getOrDefault(value, Set.of()));
        }
        return found;
    }

    /**
     * In the order the store itself keeps its documents in (the H2 store by _id, the memory store by
     * insertion), so a query without a sort answers in the same order with the index as without it.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <P> List<P> inStoreOrder(Collection<P> positions) {
        List<P> ordered = new ArrayList<>(positions);
        try {
            ordered.sort((a, b) -> ((Comparable) a).compareTo(b));
        } catch (ClassCastException notComparable) {
            // Positions of mixed kinds: left as found.
        }
        return ordered;
    }

    /** The field this index orders by, its first. */
    String field() {
        return field;
    }

    /**
     * The documents the query can match ({@link #getPositions}), in the ascending order of this field's
     * values and, among equal values, in the store's order: the order of a stable ascending sort by the
     * field, so that a sorted query with a limit reads documents only until it has enough that match.
     * Null when that order is not known here: a query this index does not narrow, a field held by path,
     * a document holding an array in it (sorted by its least element, and met once per element here), or
     * a value other than a time or a string (numbers are held normalized, as doubles, which a sort does
     * not compare them as).
     */
    synchronized Stream<P> positionsInOrder(Document query) {
        if (!byValue || !canHandle(query)) {
            return null;
        }
        Collection<P> candidates = candidates(query);
        if (anyOf(candidates, positionsWithArrays) || anyOf(candidates, positionsNotInOrder)) {
            return null;
        }
        List<Object> values = QueryNarrowing.valuesOf(field, query);
        Collection<TreeSet<P>> equalRuns;
        if (values == null) {
            equalRuns = inValueOrder.values();
        } else {
            TreeMap<Object, TreeSet<P>> asked = new TreeMap<>(inValueOrder.comparator());
            for (Object value : values) {
                Set<P> holding = positionsByValue.get(value);
                if (holding != null) {
                    asked.computeIfAbsent(value, any -> inStoreOrder()).addAll(holding);
                }
            }
            equalRuns = asked.values();
        }
        // The order of a stable ascending sort by the field (among equal values, the store's order), walked
        // only as far as the query reads: under the collection's lock, which every change of the index holds.
        return equalRuns.stream().flatMap(TreeSet::stream).filter(candidates::contains);
    }

    /**
     * The documents the query can match in the order of a stable ascending sort by {@code sortField}, read
     * group by group of this index's first field ({@link GroupOrder}): for an index on two ascending fields,
     * a query sorted by the second that asks for it and holds the first to some values. Null otherwise.
     */
    synchronized Stream<P> positionsInGroupOrder(Document query, String sortField) {
        return groupOrder == null ? null : groupOrder.positionsInOrder(query, sortField);
    }

    /** An empty set of positions in the store's order. */
    private TreeSet<P> inStoreOrder() {
        return new TreeSet<>(keyOrder::compare);
    }

    /** A value whose place in the sort order the index keeps ({@link #inValueOrder}, {@link GroupOrder}). */
    static boolean ordered(Object value) {
        return value == null || value instanceof Instant || value instanceof String || value instanceof Date;
    }

    private static <P> boolean anyOf(Collection<P> candidates, Set<P> set) {
        if (set.isEmpty()) {
            return false;
        }
        if (candidates.size() <= set.size()) {
            return candidates.stream().anyMatch(set::contains);
        }
        return set.stream().anyMatch(candidates::contains);
    }

    @Override
    public synchronized long getCount() {
        return valuesByPosition.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return valuesByPosition.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // Not unique: nothing to refuse.
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        // Most updates leave an index's fields as they were (a delivery's attempt, a lead's new scan):
        // where the document stands in the index is then where it stood (and it is known by its _id).
        if (oldDocument.containsKey(ID) && sameIn(oldDocument, newDocument, topLevel) && (groupOrder == null || groupOrder.sameIn(oldDocument, newDocument))) {
            return;
        }
        unindex(position);
        index(newDocument, position);
        positionById.put(identity(newDocument), position);
    }

    @Override
    public synchronized void drop() {
        positionsByValue.clear();
        positionsPresent.clear();
        positionsWithArrays.clear();
        inValueOrder.clear();
        positionsNotInOrder.clear();
        valuesByPosition.clear();
        positionById.clear();
        if (groupOrder != null) {
            groupOrder.clear();
        }
    }

    private void unindex(P position) {
        positionsPresent.remove(position);
        if (groupOrder != null) {
            groupOrder.remove(position);
        }
        boolean array = positionsWithArrays.remove(position);
        positionsNotInOrder.remove(position);
        Set<Object> values = valuesByPosition.remove(position);
        if (values == null) {
            return;
        }
        if (byValue && !array && !values.isEmpty()) {
            Object value = values.iterator().next();
            TreeSet<P> equal = ordered(value) ? inValueOrder.get(value) : null;
            if (equal != null) {
                equal.remove(position);
                if (equal.isEmpty()) {
                    inValueOrder.remove(value);
                }
            }
        }
        for (Object value : values) {
            Set<P> positions = positionsByValue.get(value);
            if (positions != null) {
                positions.remove(position);
                if (positions.isEmpty()) {
                    positionsByValue.remove(value);
                }
            }
        }
    }

    /** The field's value, or each element of an array in it; a missing field is held under null. None for a path. */
    private Set<Object> valuesOf(Document document) {
        Set<Object> values = new LinkedHashSet<>();
        if (!byValue) {
            return values;
        }
        Object value = document.get(field);
        if (value instanceof Collection<?> elements) {
            elements.forEach(element -> values.add(QueryNarrowing.normalized(element)));
        } else {
            values.add(QueryNarrowing.normalized(value));
        }
        return values;
    }

    /** Whether the two documents hold the same in the top-level {@code field}, or both nothing. */
    static boolean sameIn(Document before, Document after, String field) {
        return before.containsKey(field) == after.containsKey(field) && Objects.equals(before.get(field), after.get(field));
    }

    /** What tells a document apart from the others of its collection: its _id, or all of it in a collection without one. */
    private static Object identity(Document document) {
        return document.containsKey(ID) ? QueryNarrowing.normalized(document.get(ID)) : document;
    }
}
