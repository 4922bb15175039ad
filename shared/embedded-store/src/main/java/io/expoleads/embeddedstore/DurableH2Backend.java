package io.expoleads.embeddedstore;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.netty.channel.Channel;

/**
 * mongo-java-server's H2 file backend, made to keep what it acknowledged. The stock backend
 * commits its MVStore in the background about once a second, so a {@code kill -9} of the
 * launcher lost writes the services had been told were done (and lead-service had moved its
 * Kafka offsets past them). Here a command that changed anything commits before its answer
 * leaves: the new chunk is written to the file before the client hears "ok".
 *
 * <p>Written means handed to the operating system, which keeps it when any process dies; an
 * fsync per write (durable through a power cut too) is what a MongoDB replica set with journaled
 * majority writes gives in production, and is not this development store's job. Concurrent
 * writers share a commit: MVStore stores everything pending under one lock, so a writer that
 * waited finds its change already stored and its own commit has nothing left to do.
 *
 * <p>The memory store ({@link #inMemoryOnly}) is the same backend on a store without a file, so both keep
 * one set of collection semantics ({@link IndexedH2Collection}).
 */
final class DurableH2Backend extends H2Backend {

    private static final String STORED_INDEX = "._index_";
    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    private static final long HOUSEKEEPING_EVERY_SECONDS = 5;
    /** H2's own: the percentage of live data below which a chunk's live pages are written again. */
    private static final int TARGET_FILL_RATE = 50;
    /** At most about this many bytes of live pages written again per round, so housekeeping never holds the store long. */
    private static final int REWRITTEN_PER_ROUND = 4 * 1024 * 1024;

    private final AtomicBoolean closedSeen = new AtomicBoolean();
    /** Rewrites the live pages of mostly dead chunks ({@link #keepHouse}); none for the store in memory. */
    private ScheduledExecutorService housekeeping;
    private volatile Runnable whenClosed = () -> { };

    private DurableH2Backend(MVStore store) {
        super(store);
    }

    /** The store in an H2 file, which it keeps across restarts. */
    static DurableH2Backend inFile(String fileName) {
        DurableH2Backend backend = new DurableH2Backend(open(fileName));
        backend.housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "store-housekeeping " + fileName);
            thread.setDaemon(true);
            return thread;
        });
        backend.housekeeping.scheduleWithFixedDelay(backend::keepHouse, HOUSEKEEPING_EVERY_SECONDS, HOUSEKEEPING_EVERY_SECONDS,
                TimeUnit.SECONDS);
        return backend;
    }

    /**
     * What H2's background writer did besides committing, which the file store no longer has (see
     * {@link #open}): the live pages of chunks mostly dead are written again, so those chunks die
     * and their space is reused, instead of the file growing with chunks that each keep a page or two.
     */
    void keepHouse() {
        MVStore store = getMvStore();
        if (store.isClosed()) {
            housekeeping.shutdown();
            return;
        }
        try {
            FileStore<?> file = store.getFileStore();
            if (file.getChunksFillRate() < TARGET_FILL_RATE && file.compact(TARGET_FILL_RATE, REWRITTEN_PER_ROUND)
                    && store.hasUnsavedChanges()) {
                store.commit();
            }
        } catch (RuntimeException failure) {
            if (!store.isClosed()) {
                log.warn("The store's housekeeping failed; it is tried again in {} s", HOUSEKEEPING_EVERY_SECONDS, failure);
            }
        }
    }

    /**
     * The store in memory only ({@code --store=memory}): the same maps, indexes and collections as in a
     * file, which H2 never writes out (its commits only mark versions), gone when the stack ends.
     */
    static DurableH2Backend inMemoryOnly() {
        return new DurableH2Backend(new MVStore.Builder().open());
    }

    /**
     * Without H2's background writer a commit serializes and writes its chunk on the thread that asked
     * for it. With it, every commit (one per write here) was handed to H2's serialization thread and then
     * to its write thread, and waited for both under the store's lock: two thread wake-ups per write,
     * which on a machine whose two cores the whole stack keeps busy cost milliseconds each, while every
     * other write waited for the lock (the store's four event loops were parked there 79 % of the time in
     * thread dumps at 50 scans/s). StoreDurabilityBenchmark, 2 cores kept busy by two other processes:
     * single inserts from 16 threads 895 -> 2,016/s, {@code $inc} upserts 938 -> 1,799/s; idle machine
     * 1,966 -> 3,489/s and 2,260 -> 2,949/s.
     */
    private static MVStore open(String fileName) {
        // H2's own retention of old chunks (45 s) is kept: it is also the time a reader has to finish
        // going through a map it started on. With none (a setting tried to keep the file small under a
        // commit per write), a chunk could be reused under a running read, and lead-service met
        // "Chunk N not found" (answered 500) while a benchmark wrote and read at once; H2 and other
        // users of MVStore report files that no longer open after it. The file grows for 45 s of
        // writes before space is reused: some hundreds of MB in a burst of 20,000 writes.
        MVStore store = new MVStore.Builder().fileName(fileName).autoCommitDisabled().open();
        dropStoredIndexes(store);
        return store;
    }

    /**
     * Removes the unique indexes that stores written before {@link HeapUniqueIndex} kept in the file
     * (maps named {@code <database>.<collection>._index_<name>}). The indexes are rebuilt in memory from
     * the documents at every open, so a stored copy would only go stale, and take space, from now on.
     */
    private static void dropStoredIndexes(MVStore store) {
        List<String> stored = store.getMapNames().stream().filter(name -> name.contains(STORED_INDEX)).toList();
        if (!stored.isEmpty()) {
            stored.forEach(store::removeMap);
            store.commit();
        }
    }

    /** Each database with the indexes the services declare, used by their queries ({@link IndexedH2Database}). */
    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /**
     * Kept open when the server in front of it stops (the console's {@code store stop}), so the
     * store can listen again on the same data; {@link #closeForGood} closes the file at the stack's end.
     */
    @Override
    public void close() {
        // see closeForGood
    }

    ScheduledExecutorService housekeeping() {
        return housekeeping;
    }

    void closeForGood() {
        if (housekeeping != null) {
            // Not interrupted: an interrupt in the middle of a file channel's write closes the channel.
            housekeeping.shutdown();
            try {
                housekeeping.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.close();
    }

    /** What to do, once, when a command finds that H2 closed the store after an internal error. */
    void whenClosed(Runnable action) {
        whenClosed = action;
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        try {
            try {
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                // A failed command may have written part of its work (an ordered insert that met a
                // duplicate), and the client is told which part: that part is acknowledged too.
                if (getMvStore().hasUnsavedChanges()) {
                    commit();
                }
            }
        } catch (RuntimeException failure) {
            // H2 closes a store that met an internal error (its "panic", in a command or in the commit after
            // it), and from then on every command fails with "This store is closed", the cause attached. The
            // services see only that message and mongo-java-server's own log of failed commands is off (see
            // the launcher's logback.xml): the first one is logged here with its cause, once.
            if (getMvStore().isClosed() && closedSeen.compareAndSet(false, true)) {
                log.error("H2 closed the store after an internal error", failure);
                whenClosed.run();
            }
            throw failure;
        }
    }
}
