package io.expoleads.embeddedstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A query's sort, each document's sort values read once. mongo-java-server's comparator resolves every
 * sort path of both documents on each comparison, splitting the path with a regular expression every
 * time: sorting an exhibitor's 100,000 leads for an export (about 1.7 million comparisons) was half of
 * the store's time answering it. Here a document's values are read once, before sorting, the same way
 * (collection aware), and compared with the same value comparator, ascending or descending per path: the
 * order is the store's.
 */
final class KeyedSort {

    private final String[] paths;
    private final ValueComparator[] directions;

    private KeyedSort(String[] paths, ValueComparator[] directions) {
        this.paths = paths;
        this.directions = directions;
    }

    /**
     * The sort a query asks for, or null when it asks for none, for the store's natural order, or for
     * something other than a direction per path (left to the store, which decides what that means).
     */
    static KeyedSort of(Document orderBy) {
        if (orderBy == null || orderBy.keySet().isEmpty() || orderBy.keySet().iterator().next().equals("$natural")) {
            return null;
        }
        String[] paths = new String[orderBy.size()];
        ValueComparator[] directions = new ValueComparator[orderBy.size()];
        int i = 0;
        for (Map.Entry<String, Object> entry : orderBy.entrySet()) {
            if (!(entry.getValue() instanceof Number direction)) {
                return null;
            }
            paths[i] = entry.getKey();
            directions[i] = direction.intValue() > 0 ? ValueComparator.asc() : ValueComparator.desc();
            i++;
        }
        return new KeyedSort(paths, directions);
    }

    /** A document with its sort values and the place it came in, which orders those the sort holds equal. */
    record Keyed(Object[] values, Document document, long order) {
    }

    Keyed keyed(Document document, long order) {
        Object[] values = new Object[paths.length];
        for (int i = 0; i < paths.length; i++) {
            values[i] = Utils.getSubdocumentValueCollectionAware(document, paths[i]);
        }
        return new Keyed(values, document, order);
    }

    /** The sort's order, then the order documents came in: a total order, stable as {@link Stream#sorted} is. */
    Comparator<Keyed> order() {
        return (a, b) -> {
            for (int i = 0; i < paths.length; i++) {
                int compared = compare(directions[i], a.values[i], b.values[i]);
                if (compared != 0) {
                    return compared;
                }
            }
            return Long.compare(a.order, b.order);
        };
    }

    /**
     * As the store's value comparator compares them. Two dates or two strings (most sort keys: a time, an
     * id) are compared directly, as it compares them once it has found their types the same, which it
     * does by looking each value's type up in a list: that look-up was most of a sort's time.
     */
    /** Ascending, as the store's sort compares values ({@link #compare}). */
    static final Comparator<Object> ASCENDING = (a, b) -> compare(ValueComparator.asc(), a, b);

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(ValueComparator direction, Object a, Object b) {
        if (a != null && b != null && a.getClass() == b.getClass() && (a instanceof Instant || a instanceof String)) {
            int ascending = ((Comparable) a).compareTo(b);
            return direction == ValueComparator.asc() ? ascending : -ascending;
        }
        return direction.compare(a, b);
    }

    /** Every document, in the sort's order. */
    Stream<Document> sort(Stream<Document> documents) {
        List<Keyed> keyed = new ArrayList<>();
        documents.forEach(document -> keyed.add(keyed(document, keyed.size())));
        keyed.sort(order());
        return keyed.stream().map(Keyed::document);
    }
}
