package io.expoleads.embeddedstore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.bson.Document;

/**
 * The first documents of a sorted query with a limit, without sorting all that match. mongo-java-server
 * sorts every matching document and then cuts to the limit; the notification service's delivery queue
 * asks every few milliseconds under load for the 32 earliest due entries of thousands
 * ({@code {dueAt: {$lte: now}}}, sorted by dueAt), and a dashboard for an exhibitor's newest leads, so
 * the store's document comparator (which resolves the sort path of both documents on each comparison)
 * was a fifth of the store's CPU. Keeping only the best {@code skip + limit} in a bounded heap compares
 * most documents once.
 *
 * <p>The answer is the stable sort's: documents the sort holds equal keep the order in which the store
 * met them, as {@link Stream#sorted} keeps it.
 */
final class TopOfSort {

    /** Past this many, a heap is no better than sorting them all. */
    static final int MOST = 10_000;

    private TopOfSort() {
    }

    private record Met(Document document, long order) {
    }

    /**
     * What a query's documents can be cut to before the store's own steps (match, sort, skip, limit,
     * projection): the {@code skip + limit} first that match, in the sort's order, when the query is
     * sorted with a limit; else all of them.
     */
    static Stream<Document> narrow(Stream<Document> documents, Predicate<Document> matches, Comparator<Document> sort,
                                   int skip, int limit) {
        long count = (long) Math.max(skip, 0) + limit;
        if (sort == null || limit <= 0 || count > MOST) {
            return documents;
        }
        return first(documents, matches, sort, count).stream();
    }

    private static List<Document> first(Stream<Document> documents, Predicate<Document> matches, Comparator<Document> sort, long count) {
        Comparator<Met> order = Comparator.<Met, Document>comparing(Met::document, sort).thenComparingLong(Met::order);
        PriorityQueue<Met> best = new PriorityQueue<>((int) count, order.reversed());
        long[] met = {0};
        documents.filter(matches).forEach(document -> {
            Met next = new Met(document, met[0]++);
            if (best.size() < count) {
                best.add(next);
            } else if (order.compare(next, best.peek()) < 0) {
                best.poll();
                best.add(next);
            }
        });
        List<Met> kept = new ArrayList<>(best);
        kept.sort(order);
        return kept.stream().map(Met::document).toList();
    }
}
