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
 * ({@code {nextAttemptAt: {$lte: now}}}, sorted by it), and a dashboard for an exhibitor's newest leads, so
 * the store's document comparator (which resolves the sort path of both documents on each comparison)
 * was a fifth of the store's CPU. Keeping only the best {@code skip + limit} in a bounded heap compares
 * most documents once.
 *
 * <p>The answer is the stable sort's: documents the sort holds equal keep the order in which the store
 * met them, as {@link Stream#sorted} keeps it. A sorted query without a limit (or with a larger one than
 * {@link #MOST}) has all its matching documents sorted here, by {@link KeyedSort}.
 */
final class TopOfSort {

    /** Past this many, a heap is no better than sorting them all. */
    static final int MOST = 10_000;

    private TopOfSort() {
    }

    /**
     * What a sorted query's documents can be cut to before the store's own steps (match, skip, limit,
     * projection): the {@code skip + limit} first that match, in the sort's order, when the query has a
     * limit; else all that match, sorted.
     */
    static Stream<Document> narrow(Stream<Document> documents, Predicate<Document> matches, KeyedSort sort, int skip, int limit) {
        long count = (long) Math.max(skip, 0) + limit;
        if (limit <= 0 || count > MOST) {
            return sort.sort(documents.filter(matches));
        }
        return first(documents, matches, sort, count).stream();
    }

    private static List<Document> first(Stream<Document> documents, Predicate<Document> matches, KeyedSort sort, long count) {
        Comparator<KeyedSort.Keyed> order = sort.order();
        PriorityQueue<KeyedSort.Keyed> best = new PriorityQueue<>((int) count, order.reversed());
        long[] met = {0};
        documents.filter(matches).forEach(document -> {
            KeyedSort.Keyed next = sort.keyed(document, met[0]++);
            if (best.size() < count) {
                best.add(next);
            } else if (order.compare(next, best.peek()) < 0) {
                best.poll();
                best.add(next);
            }
        });
        List<KeyedSort.Keyed> kept = new ArrayList<>(best);
        kept.sort(order);
        return kept.stream().map(KeyedSort.Keyed::document).toList();
    }
}
