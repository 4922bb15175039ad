package io.expoleads.embeddedstore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * The values a query holds one top-level field to, when it says so plainly: {@code {field: v}},
 * {@code {field: {$eq: v}}}, {@code {field: {$in: [v, w]}}}, or one of those among the clauses of a
 * top-level {@code $and}, each value a plain one (a string, a number, a boolean, a date, a UUID or an
 * ObjectId). A document matching the query has one of these values in that field (or, for an array
 * field, among its elements), so an index on the field finds every document the query can match; the
 * query's full matcher still decides which of those do. Anything less plain (an embedded document, an
 * array, null, a regular expression, {@code $or}, other operators) narrows nothing: the collection is
 * read whole, as it was without the index.
 */
final class QueryNarrowing {

    private QueryNarrowing() {
    }

    /** The normalized values {@code field} is held to, or null when the query does not hold it to a known few. */
    static List<Object> valuesOf(String field, Document query) {
        if (query.containsKey(field)) {
            List<Object> direct = plain(query.get(field));
            if (direct != null) {
                return direct;
            }
        }
        // Every clause of an $and holds: the first that names the field plainly is enough.
        if (query.get("$and") instanceof Collection<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document inner) {
                    List<Object> values = valuesOf(field, inner);
                    if (values != null) {
                        return values;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Whether the query asks that {@code field} be present ({@code {field: {$exists: true}}}, also
     * among the clauses of a top-level {@code $and}): a document matching it is one where it is.
     */
    static boolean requiresPresence(String field, Document query) {
        if (query.get(field) instanceof Document operators && operators.size() == 1) {
            Object exists = operators.get("$exists");
            if (Boolean.TRUE.equals(exists) || exists instanceof Number number && number.doubleValue() != 0) {
                return true;
            }
        }
        if (query.get("$and") instanceof Collection<?> clauses) {
            for (Object clause : clauses) {
                if (clause instanceof Document inner && requiresPresence(field, inner)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Object> plain(Object condition) {
        if (isPlain(condition)) {
            return List.of(normalized(condition));
        }
        if (condition instanceof Document operators && operators.size() == 1) {
            Map.Entry<String, Object> operator = operators.entrySet().iterator().next();
            if ("$eq".equals(operator.getKey()) && isPlain(operator.getValue())) {
                return List.of(normalized(operator.getValue()));
            }
            if ("$in".equals(operator.getKey()) && operator.getValue() instanceof Collection<?> values) {
                List<Object> each = new ArrayList<>(values.size());
                for (Object value : values) {
                    if (!isPlain(value)) {
                        return null;
                    }
                    each.add(normalized(value));
                }
                return each;
            }
        }
        return null;
    }

    static boolean isPlain(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof UUID
                || value instanceof Date || value instanceof Instant || value instanceof ObjectId;
    }

    /** Compared as the store compares them: 1 and 1.0 are the same number. */
    static Object normalized(Object value) {
        return new KeyValue(value).normalized().get(0);
    }
}
