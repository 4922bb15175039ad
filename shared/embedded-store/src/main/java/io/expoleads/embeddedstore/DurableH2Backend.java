package io.expoleads.embeddedstore;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
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

    private final AtomicBoolean closedSeen = new AtomicBoolean();
    private volatile Runnable whenClosed = () -> { };

    private DurableH2Backend(MVStore store) {
        super(store);
    }

    /** The store in an H2 file, which it keeps across restarts. */
    static DurableH2Backend inFile(String fileName) {
        return new DurableH2Backend(open(fileName));
    }

    /**
     * The store in memory only ({@code --store=memory}): the same maps, indexes and collections as in a
     * file, which H2 never writes out (its commits only mark versions), gone when the stack ends.
     */
    static DurableH2Backend inMemoryOnly() {
        return new DurableH2Backend(new MVStore.Builder().open());
    }

    private static MVStore open(String fileName) {
        // H2's own retention of old chunks (45 s) is kept: it is also the time a reader has to finish
        // going through a map it started on. With none (a setting tried to keep the file small under a
        // commit per write), a chunk could be reused under a running read, and lead-service met
        // "Chunk N not found" (answered 500) while a benchmark wrote and read at once; H2 and other
        // users of MVStore report files that no longer open after it. The file grows for 45 s of
        // writes before space is reused: some hundreds of MB in a burst of 20,000 writes.
        MVStore store = new MVStore.Builder().fileName(fileName)
                .backgroundExceptionHandler((thread, failure) -> log.error("The store's background writer failed", failure)).open();
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

    void closeForGood() {
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
