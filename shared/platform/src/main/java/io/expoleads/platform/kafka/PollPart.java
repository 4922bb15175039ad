package io.expoleads.platform.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Events of one poll of a batch listener that are applied together (one store round trip for them
 * all), each with the index of its record in the poll, so that a failure names the record at fault.
 *
 * @param <T> what is applied: the opened events
 */
public final class PollPart<T> {

    private static final Logger log = LoggerFactory.getLogger(PollPart.class);

    private final String what;
    private final List<T> items = new ArrayList<>();
    private final List<Integer> indexes = new ArrayList<>();

    /** @param what what applying them does, for the failures' messages ("alerted", "kept") */
    public PollPart(String what) {
        this.what = what;
    }

    public void add(T item, int index) {
        items.add(item);
        indexes.add(index);
    }

    /**
     * Applies the events together and starts a new part; when that fails for another reason than the
     * store being away, applies them one by one, so the record at fault is named (and dead-lettered
     * after its retries) and the others are not. A store that is away fails the poll from the first of
     * these events, retried until it answers (nothing is dead-lettered for it).
     *
     * @param apply applies some of the events, all or one at a time
     * @param name  how an event is named in a failure's message (its id, never its content)
     * @throws BatchListenerFailedException naming the record from which the poll is retried
     */
    public void applyOrLocate(Consumer<List<T>> apply, Function<T, String> name) {
        if (items.isEmpty()) {
            return;
        }
        List<T> applying = List.copyOf(items);
        List<Integer> at = List.copyOf(indexes);
        items.clear();
        indexes.clear();
        try {
            apply.accept(applying);
        } catch (DataAccessResourceFailureException | TransientDataAccessException storeAway) {
            throw new BatchListenerFailedException("the store is unavailable", storeAway, at.get(0));
        } catch (RuntimeException unexpected) {
            log.warn("{} events could not be {} together, so one by one: {}", applying.size(), what, unexpected.toString());
            for (int index = 0; index < applying.size(); index++) {
                try {
                    apply.accept(List.of(applying.get(index)));
                } catch (RuntimeException atFault) {
                    throw new BatchListenerFailedException(name.apply(applying.get(index)) + " could not be " + what,
                            atFault, at.get(index));
                }
            }
        }
    }
}
