package io.expoleads.platform.work;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Group commit: requests that arrive while a bulk operation runs wait for the next one and share
 * it, so under load one round trip to the store serves many requests, and a request alone goes at
 * once. One daemon thread runs the bulk operations, one after another.
 *
 * @param <I> what each request brings
 * @param <R> what each request gets back, in the order of the items
 */
public final class Coalescer<I, R> {

    private record Pending<I, R>(I item, CompletableFuture<R> result) {
    }

    private final BlockingQueue<Pending<I, R>> queue = new LinkedBlockingQueue<>();
    private final Function<List<I>, List<R>> bulk;
    private final int maxItems;
    private final Thread worker;
    private volatile boolean running = true;

    /**
     * @param bulk     runs one bulk operation; answers one result per item, in their order
     * @param maxItems the most items one bulk operation takes
     */
    public Coalescer(String name, int maxItems, Function<List<I>, List<R>> bulk) {
        this.bulk = bulk;
        this.maxItems = maxItems;
        this.worker = new Thread(this::work, name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Waits for the bulk operation that takes this item; its failure is thrown here. */
    public R submit(I item) {
        if (!running) {
            throw new IllegalStateException("the service is stopping");
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        queue.add(new Pending<>(item, result));
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** How many requests wait for the next bulk operation. */
    int waiting() {
        return queue.size();
    }

    public void stop() {
        running = false;
        worker.interrupt();
    }

    private void work() {
        List<Pending<I, R>> taken = new ArrayList<>(maxItems);
        while (running) {
            try {
                taken.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(taken, maxItems - 1);
            try {
                List<R> results = bulk.apply(taken.stream().map(Pending::item).toList());
                for (int index = 0; index < taken.size(); index++) {
                    taken.get(index).result().complete(results.get(index));
                }
            } catch (RuntimeException e) {
                taken.forEach(pending -> pending.result().completeExceptionally(e));
            }
            taken.clear();
        }
        Pending<I, R> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("the service is stopping"));
        }
    }
}
