package io.expoleads.platform.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, with the cursor that fetches the next one (null on the last page).
 * Cursors are opaque to clients: pass {@code nextCursor} back as {@code cursor}.
 */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /**
     * Builds a page from {@code limit + 1} fetched items: the extra one only tells that more follow.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> items = List.copyOf(fetched.subList(0, limit));
        return new Page<>(items, cursorOf.apply(items.get(items.size() - 1)));
    }

    /** The limit a client asked for, within bounds. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ApiException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }
}
