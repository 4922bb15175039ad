package io.expoleads.embeddedstore;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
 * Kafka offsets past them). Here each change a write makes to the store's maps is appended to the
 * store's log ({@link StoreLog}), which is written to its file before the write's answer leaves; the
 * H2 file is committed about once a second ({@link #checkpoint}), and the logs written since its last
 * commit are applied to it when it opens again after a crash. Commands other than the document writes
 * (creating or dropping collections and indexes) commit the file before their answer, as every write did
 * until the log.
 *
 * <p>Written means handed to the operating system, which keeps it when any process dies; an
 * fsync per write (durable through a power cut too) is what a MongoDB replica set with journaled
 * majority writes gives in production, and is not this development store's job. Concurrent
 * writers share a write of the log: the first to write it writes every record appended until then.
 *
 * <p>The memory store ({@link #inMemoryOnly}) is the same backend on a store without a file or a log, so
 * both keep one set of collection semantics ({@link IndexedH2Collection}).
 */
final class DurableH2Backend extends H2Backend {

    private static final String STORED_INDEX = "._index_";
    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    private static final long HOUSEKEEPING_EVERY_SECONDS = 5;
    /** How often the file is committed for the writes its log holds, and the log started again. */
    static final long CHECKPOINT_EVERY_MILLIS = 1_000;
    /** The writes whose changes the log records: answered once their records are written. */
    private static final Set<String> LOGGED = Set.of("insert", "update", "delete", "findAndModify", "findandmodify");
    /** Commands that change nothing: answered as they are. Any other that leaves changes commits the file first. */
    private static final Set<String> READS = Set.of("find", "getMore", "count", "distinct", "aggregate", "listCollections",
            "listIndexes", "listDatabases", "hello", "isMaster", "ismaster", "ping", "buildInfo", "buildinfo", "killCursors",
            "endSessions", "dbStats", "collStats", "serverStatus", "getLastError", "getlasterror", "whatsmyuri");
    /** The maps of a backend under construction: its superclass opens the existing databases from its constructor. */
    private static final ThreadLocal<StoreMaps> OPENING = new ThreadLocal<>();
    /** H2's own: the percentage of live data below which a chunk's live pages are written again. */
    private static final int TARGET_FILL_RATE = 50;
    /** At most about this many bytes of live pages written again per round, so housekeeping never holds the store long. */
    private static final int REWRITTEN_PER_ROUND = 4 * 1024 * 1024;

    private final AtomicBoolean closedSeen = new AtomicBoolean();
    private final StoreMaps maps;
    /** Serializes the file's commits made here: checkpoints, housekeeping, commands that commit. */
    private final Object committing = new Object();
    /** Rewrites the live pages of mostly dead chunks ({@link #keepHouse}); none for the store in memory. */
    private ScheduledExecutorService housekeeping;
    private volatile Runnable whenClosed = () -> { };

    private DurableH2Backend(StoreMaps maps) {
        super(opening(maps));
        OPENING.remove();
        this.maps = maps;
    }

    private static MVStore opening(StoreMaps maps) {
        OPENING.set(maps);
        return maps.store();
    }

    /**
     * The store in an H2 file, which it keeps across restarts: opened at its last commit, with the
     * changes of the logs written since applied to it, and committed.
     */
    static DurableH2Backend inFile(String fileName) {
        return inFile(fileName, CHECKPOINT_EVERY_MILLIS);
    }

    /** ... committed every {@code checkpointEveryMillis} (tests: never by itself, so that the log is what a crash leaves). */
    static DurableH2Backend inFile(String fileName, long checkpointEveryMillis) {
        MVStore store = open(fileName);
        StoreLog log = StoreLog.at(Path.of(fileName));
        StoreMaps maps = new StoreMaps(store, log);
        try {
            log.replayLeft(maps::named);
            long replayed = log.rotate();
            if (store.hasUnsavedChanges()) {
                store.commit();
            }
            log.deleteUpTo(replayed);
        } catch (RuntimeException failed) {
            log.close();
            store.closeImmediately();
            throw failed;
        }
        DurableH2Backend backend = new DurableH2Backend(maps);
        backend.housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "store-housekeeping " + fileName);
            thread.setDaemon(true);
            return thread;
        });
        backend.housekeeping.scheduleWithFixedDelay(backend::keepHouse, HOUSEKEEPING_EVERY_SECONDS, HOUSEKEEPING_EVERY_SECONDS,
                TimeUnit.SECONDS);
        backend.housekeeping.scheduleWithFixedDelay(backend::checkpointInBackground, checkpointEveryMillis,
                checkpointEveryMillis, TimeUnit.MILLISECONDS);
        return backend;
    }

    /**
     * Commits the file for every change made so far and deletes the logs that recorded them: the log is
     * started again first, so every record in the logs deleted is of a change made before the commit.
     */
    void checkpoint() {
        StoreLog storeLog = maps.log();
        synchronized (committing) {
            MVStore store = getMvStore();
            long upTo = storeLog.rotate();
            if (store.hasUnsavedChanges()) {
                store.commit();
            }
            // H2 commits a closed store without a word: its changes are then in the logs only.
            if (store.isClosed()) {
                throw new IllegalStateException("The store is closed: its changes since the last commit stay in its log");
            }
            storeLog.deleteUpTo(upTo);
        }
    }

    private void checkpointInBackground() {
        if (getMvStore().isClosed()) {
            return;
        }
        try {
            checkpoint();
        } catch (RuntimeException failure) {
            if (getMvStore().isClosed()) {
                closed(failure);
            } else {
                log.warn("The store's checkpoint failed; its log keeps the changes and it is tried again", failure);
            }
        }
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
            synchronized (committing) {
                FileStore<?> file = store.getFileStore();
                if (file.getChunksFillRate() < TARGET_FILL_RATE && file.compact(TARGET_FILL_RATE, REWRITTEN_PER_ROUND)
                        && store.hasUnsavedChanges()) {
                    store.commit();
                }
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
        return new DurableH2Backend(new StoreMaps(new MVStore.Builder().open(), null));
    }

    /**
     * Without H2's background writer, whose commits the store's own checkpoints replace: a commit
     * serializes and writes its chunk on the thread that asked for it. When the store committed for each
     * write, H2's writer handed every commit to its serialization thread and then to its write thread,
     * two thread wake-ups per write that cost milliseconds each on a machine whose two cores the whole
     * stack keeps busy (the store's four event loops were parked there 79 % of the time in thread dumps
     * at 50 scans/s).
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
        return new IndexedH2Database(databaseName, maps != null ? maps : OPENING.get(), getCursorRegistry());
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

    /**
     * Closes the file: committed for every change made, its logs deleted. A store H2 closed after an
     * internal error keeps its logs, which the next open applies to its last commit.
     */
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
        StoreLog storeLog = maps.log();
        boolean open = !getMvStore().isClosed();
        try {
            super.close();
        } finally {
            if (storeLog != null) {
                storeLog.close();
            }
        }
        if (storeLog != null && open) {
            storeLog.deleteUpTo(Long.MAX_VALUE);
        }
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
                keep(command);
            }
        } catch (RuntimeException failure) {
            // H2 closes a store that met an internal error (its "panic", in a command or in the commit after
            // it), and from then on every command fails with "This store is closed", the cause attached. The
            // services see only that message and mongo-java-server's own log of failed commands is off (see
            // the launcher's logback.xml): the first one is logged here with its cause, once.
            if (getMvStore().isClosed()) {
                closed(failure);
            }
            throw failure;
        }
    }

    /** Makes what the command changed survive a crash before it is answered. */
    private void keep(String command) {
        StoreLog storeLog = maps.log();
        if (storeLog == null) {
            if (getMvStore().hasUnsavedChanges()) {
                commit();
            }
        } else if (LOGGED.contains(command)) {
            try {
                storeLog.flushOwn();
            } catch (RuntimeException notWritten) {
                // Changes the log does not hold must not reach the file by a later commit: the store is
                // closed, and opened again at its last commit with what its log holds.
                getMvStore().closeImmediately();
                throw notWritten;
            }
        } else if (!READS.contains(command) && getMvStore().hasUnsavedChanges()) {
            checkpoint();
        }
    }

    private void closed(RuntimeException failure) {
        if (closedSeen.compareAndSet(false, true)) {
            log.error("H2 closed the store after an internal error", failure);
            whenClosed.run();
        }
    }
}
