package io.expoleads.embeddedstore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The documents of an index on two fields, both ascending ({@code {lane: 1, nextAttemptAt: 1}}), by
 * value of the first field (their group) and within each group in the order of the second: for a query
 * sorted by the second field with a limit that holds the first to some of its values ({@code lane} in a
 * range, not among the lanes that cannot take work), the groups it can match are walked together, merged
 * in the sort's order, and the groups it cannot match are never read. Read in the second field's order
 * alone, the notification service's due read went through every due delivery of the destinations left
 * out (thousands, when an offline queue of 1,000 leads alerts one exhibitor) to find the 32 it takes, a
 * third of the launcher's processor time under a backlog.
 *
 * <p>The order among equal values of the second field is the store's order (H2's key order of the
 * positions), over all groups: the order of a stable ascending sort by that field. Documents without
 * the second field are not held (a query served here asks that it be present); one holding an array in
 * either field, or in the second a value other than a time, a string or null, makes the index give no
 * order at all. Guarded by the collection's lock, as {@link SecondaryIndex} is.
 */
final class GroupOrder<P> {

    private static final QueryMatcher MATCHER = new DefaultQueryMatcher();

    private final String groupField;
    private final String orderField;
    private final ObjectDataType keyOrder = new ObjectDataType();
    private final Map<Object, TreeMap<Object, TreeSet<P>>> byGroup = new HashMap<>();
    private final Map<P, Place> places = new HashMap<>();
    /** Documents whose place in the order is not known here: while there is one, no order is given. */
    private final Set<P> unordered = new HashSet<>();

    private record Place(Object group, Object value) {
    }

    GroupOrder(String groupField, String orderField) {
        this.groupField = groupField;
        this.orderField = orderField;
    }

    /** The order for an index on {@code first} then {@code second}, both ascending, each a top-level field; else null. */
    static <P> GroupOrder<P> of(String first, boolean firstAscending, String second, boolean secondAscending) {
        boolean plain = !first.contains(".") && !second.contains(".");
        return plain && firstAscending && secondAscending ? new GroupOrder<>(first, second) : null;
    }

    void add(Document document, P position) {
        if (!document.containsKey(orderField)) {
            return;
        }
        Object group = document.get(groupField);
        Object value = document.get(orderField);
        if (group instanceof Collection<?> || !SecondaryIndex.ordered(value)) {
            unordered.add(position);
            return;
        }
        // Grouped by the value as held, not normalized: the query's conditions are checked against it, and
        // some tell 5 from 5.0 or from 5L ($type, $mod on a long). Equal numbers of other types are groups of their own.
        byGroup.computeIfAbsent(group, any -> new TreeMap<>(KeyedSort.ASCENDING)).computeIfAbsent(value, any -> new TreeSet<>(keyOrder::compare))
                .add(position);
        places.put(position, new Place(group, value));
    }

    /** Whether the two documents stand in the same place of the order. */
    boolean sameIn(Document before, Document after) {
        return SecondaryIndex.sameIn(before, after, groupField) && SecondaryIndex.sameIn(before, after, orderField);
    }

    void remove(P position) {
        unordered.remove(position);
        Place place = places.remove(position);
        if (place == null) {
            return;
        }
        TreeMap<Object, TreeSet<P>> group = byGroup.get(place.group());
        TreeSet<P> equal = group.get(place.value());
        equal.remove(position);
        if (equal.isEmpty()) {
            group.remove(place.value());
            if (group.isEmpty()) {
                byGroup.remove(place.group());
            }
        }
    }

    void clear() {
        byGroup.clear();
        places.clear();
        unordered.clear();
    }

    /**
     * Every document the query can match, in the order of a stable ascending sort by {@code sortField},
     * walked lazily: when the sort is by this order's second field, the query asks that field be present
     * and holds the first to some values (conditions on it at the top level or in a top-level
     * {@code $and}: the groups that fail one of them cannot match). Null otherwise.
     */
    Stream<P> positionsInOrder(Document query, String sortField) {
        if (!orderField.equals(sortField) || !unordered.isEmpty() || !QueryNarrowing.requiresPresence(orderField, query)) {
            return null;
        }
        List<Object> conditions = new ArrayList<>();
        conditionsOnGroup(query, conditions);
        if (conditions.isEmpty()) {
            return null;
        }
        PriorityQueue<Cursor> heads = new PriorityQueue<>();
        byGroup.forEach((group, runs) -> {
            if (mayMatch(group, conditions)) {
                Cursor cursor = new Cursor(runs.entrySet().iterator());
                if (cursor.advance()) {
                    heads.add(cursor);
                }
            }
        });
        Iterator<P> merged = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public P next() {
                Cursor head = heads.poll();
                if (head == null) {
                    throw new NoSuchElementException();
                }
                P position = head.position;
                if (head.advance()) {
                    heads.add(head);
                }
                return position;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private void conditionsOnGroup(Document query, List<Object> conditions) {
        if (query.containsKey(groupField)) {
            conditions.add(query.get(groupField));
        }
        if (query.get("$and") instanceof Collection<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document inner) {
                    conditionsOnGroup(inner, conditions);
                }
            }
        }
    }

    /**
     * Whether a document of the group can meet every condition, as the store's matcher decides it. The
     * group of null holds documents without the field as well as those holding null in it.
     */
    private boolean mayMatch(Object group, List<Object> conditions) {
        if (group == null) {
            return meetsAll(new Document(), conditions) || meetsAll(new Document(groupField, null), conditions);
        }
        return meetsAll(new Document(groupField, group), conditions);
    }

    private boolean meetsAll(Document document, List<Object> conditions) {
        for (Object condition : conditions) {
            if (!MATCHER.matches(document, new Document(groupField, condition))) {
                return false;
            }
        }
        return true;
    }

    /** Where the walk is in one group: its current document, and what is left of the group. */
    private final class Cursor implements Comparable<Cursor> {

        private final Iterator<Map.Entry<Object, TreeSet<P>>> runs;
        private Iterator<P> run;
        private Object value;
        private P position;

        Cursor(Iterator<Map.Entry<Object, TreeSet<P>>> runs) {
            this.runs = runs;
        }

        boolean advance() {
            while (run == null || !run.hasNext()) {
                if (!runs.hasNext()) {
                    return false;
                }
                Map.Entry<Object, TreeSet<P>> next = runs.next();
                value = next.getKey();
                run = next.getValue().iterator();
            }
            position = run.next();
            return true;
        }

        @Override
        public int compareTo(Cursor other) {
            int byValue = KeyedSort.ASCENDING.compare(value, other.value);
            return byValue != 0 ? byValue : keyOrder.compare(position, other.position);
        }
    }
}
