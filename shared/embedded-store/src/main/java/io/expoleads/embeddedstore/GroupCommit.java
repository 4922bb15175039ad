package io.expoleads.embeddedstore;

import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.h2.mvstore.MVStore;

/**
 * Commits the file store on a thread of its own, once for every write made while the commit before
 * it ran: a group commit, as a database's log writer does. A write asks for a ticket once its change is
 * in the store's maps ({@link #request}); a commit that starts after that ticket was handed out stores
 * the change, and the write's answer is held until then ({@link AwaitCommitHandler}).
 *
 * <p>Before it, each write committed on the event loop that ran it, and a commit writes a chunk of
 * its own: the changed pages of each map it touched, every page above them up to the root, the
 * store's layout and the chunk's entry among the thousands of chunks the file keeps for 45 s. Those
 * commits were a third of the launcher's processor time at 50 to 100 scans/s, and each event loop
 * waited for its own while the commands of its other connections queued behind it. Here the event
 * loops go on, and writes that arrive during a commit share the next one: 3.2 writes per commit in
 * the benchmark's small fair, 7 to 8 with 16 writers in {@code StoreDurabilityBenchmark}, whose
 * single inserts went from 2,592-3,717 to 4,078-6,198 per second and {@code $inc} upserts from
 * 2,928-3,778 to 4,152-5,778, with half the file.
 *
 * <p>No commit waits for more writes to come (a delay of 2 ms gave more writes per commit and no
 * less processor time in the benchmark's small fair: a chunk's cost is mostly the pages each write
 * changes, which writes share little).
 */
final class GroupCommit implements AutoCloseable {

    /** Writes what the store's maps hold and the file does not yet (a commit of the MVStore). */
    private final Runnable commit;
    private final Thread thread;
    /** Told, on the commit thread, when a commit failed: H2 closed the store (see {@link DurableH2Backend}). */
    private final Consumer<Throwable> failed;

    /** Tickets handed out: each one a write whose change is in the maps. */
    private final AtomicLong requested = new AtomicLong();
    /** The highest ticket whose change is in the file. */
    private volatile long committed;
    private volatile Throwable failure;
    private volatile boolean closing;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicLong commits = new AtomicLong();

    /**
     * Commits {@code store}, whose file is {@code name}. H2's commit of a closed store does nothing and says
     * nothing: a store closed before or during the commit fails it, so that what it may not have written is
     * never acknowledged.
     */
    static GroupCommit of(MVStore store, String name, Consumer<Throwable> failed) {
        return new GroupCommit(() -> {
            if (store.hasUnsavedChanges()) {
                store.commit();
            }
            if (store.isClosed()) {
                throw new IllegalStateException("The store " + name + " is closed: its latest writes may not be in its file");
            }
        }, name, failed);
    }

    GroupCommit(Runnable commit, String name, Consumer<Throwable> failed) {
        this.commit = commit;
        this.failed = failed;
        this.thread = new Thread(this::commitWhileAsked, "store-commit " + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A ticket for a change now in the store's maps: the next commit to start writes it to the file. */
    long request() {
        long ticket = requested.incrementAndGet();
        LockSupport.unpark(thread);
        return ticket;
    }

    /** Whether commits stopped for good ({@link #close}): a ticket not committed by then never will be. */
    boolean closed() {
        return closing && !thread.isAlive();
    }

    /** Whether the change of {@code ticket} is in the file. */
    boolean committed(long ticket) {
        return committed >= ticket;
    }

    /** Why commits stopped, if they failed: then no ticket after the last commit will ever be written. */
    Throwable failure() {
        return failure;
    }

    /** The number of commits made. */
    long commits() {
        return commits.get();
    }

    /** The number of writes that asked for a commit. */
    long writes() {
        return requested.get();
    }

    /**
     * Runs {@code then} once the change of {@code ticket} is in the file, or commits failed or stopped for
     * good: on the commit thread, or on this one if that is already so. It must not block.
     */
    void whenCommitted(long ticket, Runnable then) {
        Waiter waiter = new Waiter(ticket, then);
        waiters.add(waiter);
        // The commit thread may have looked at the waiters just before this one was added.
        if (committed >= ticket || failure != null || !thread.isAlive()) {
            waiters.remove(waiter);
            waiter.fire();
        }
    }

    private void commitWhileAsked() {
        while (true) {
            long upTo = requested.get();
            if (upTo == committed) {
                if (closing) {
                    return;
                }
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            try {
                commit.run();
                commits.incrementAndGet();
            } catch (RuntimeException | Error commitFailed) {
                failure = commitFailed;
                fireAll();
                failed.accept(commitFailed);
                return;
            }
            committed = upTo;
            for (Iterator<Waiter> each = waiters.iterator(); each.hasNext(); ) {
                Waiter waiter = each.next();
                if (waiter.ticket <= upTo) {
                    each.remove();
                    waiter.fire();
                }
            }
        }
    }

    private void fireAll() {
        for (Waiter waiter; (waiter = waiters.poll()) != null; ) {
            waiter.fire();
        }
    }

    /** Commits what was asked for, then stops; whoever still waits is told. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fireAll();
    }

    private static final class Waiter {
        final long ticket;
        private final Runnable then;
        private final AtomicBoolean fired = new AtomicBoolean();

        Waiter(long ticket, Runnable then) {
            this.ticket = ticket;
            this.then = then;
        }

        void fire() {
            if (fired.compareAndSet(false, true)) {
                then.run();
            }
        }
    }
}
