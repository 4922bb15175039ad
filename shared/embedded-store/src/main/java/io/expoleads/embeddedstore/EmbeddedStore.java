package io.expoleads.embeddedstore;

import java.nio.file.Path;
import java.time.Duration;

import de.bwaldvogel.mongo.MongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-wire store (mongo-java-server on {@link DurableH2Backend}) on its port: the local
 * stack's store, and the integration tests' where there is no MongoDB. It can be stopped and started
 * again on the same data (the console's {@code store stop} and {@code store start}, the tests' store
 * outages): what a store outage looks like to the services, a closed port and every connection cut,
 * without losing what it held, as a stopped {@code mongod} keeps its files. It opens its file again by
 * itself when H2 closed it ({@link #openAgain}), and its {@link StoreWatchdog} logs the process's threads
 * when it stops answering while it listens.
 */
public final class EmbeddedStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);
    private static final Duration WATCHDOG_EVERY = Duration.ofSeconds(10);
    private static final int WATCHDOG_MISSES = 3;

    /** The H2 file; null in memory only. */
    private final Path file;
    private DurableH2Backend backend;
    private int port;
    private MongoServer server;
    /** Asks the store through its port whether it answers, and says when it has not for half a minute. */
    private final StoreWatchdog watchdog;
    /** Set by {@link #close}: a store closed for good is not opened again, whatever found it closed. */
    private boolean closed;

    private EmbeddedStore(Path file, int port) {
        this.file = file;
        this.port = port;
        this.backend = openBackend();
        this.watchdog = StoreWatchdog.pinging(this::listening, this::port, WATCHDOG_EVERY, WATCHDOG_MISSES).start();
    }

    /** Whether the store is meant to answer: started, not stopped (the console's {@code store stop}, a test's outage). */
    private synchronized boolean listening() {
        return server != null && !closed;
    }

    /** The H2 file in the data folder, or memory only; listening on {@code port} (0: any free port, then {@link #port}). */
    public static EmbeddedStore open(boolean memory, Path file, int port) {
        EmbeddedStore store = new EmbeddedStore(memory ? null : file, port);
        store.start();
        return store;
    }

    private DurableH2Backend openBackend() {
        if (file == null) {
            DurableH2Backend memory = DurableH2Backend.inMemoryOnly();
            memory.whenClosed(() -> log.error("The store in memory is closed: every command fails until the stack is restarted"));
            return memory;
        }
        DurableH2Backend inFile = DurableH2Backend.inFile(file.toString());
        // Not on the thread of the command that found it closed: opening the file again cuts that command's connection.
        inFile.whenClosed(() -> new Thread(this::openAgain, "store-open-again").start());
        return inFile;
    }

    /**
     * Opens the file again after H2 closed the store (an internal error, which H2 takes for possible
     * corruption). H2 opens the file at its last complete commit, and the store's log, written before each
     * write's answer, gives it every write acknowledged since ({@link DurableH2Backend}): the services meet a
     * store outage of a moment (their connections cut, their commands retried), as after {@code store stop}
     * and {@code store start}, instead of a store that refuses every command until the launcher restarts.
     */
    synchronized void openAgain() {
        if (closed) {
            return;
        }
        boolean listening = server != null;
        stop();
        try {
            backend.closeForGood();
        } catch (RuntimeException alreadyClosed) {
            log.debug("Closing the closed store", alreadyClosed);
        }
        backend = openBackend();
        if (listening) {
            start();
        }
        log.warn("The store was opened again from its file, at its last commit: every acknowledged write is in it");
    }

    /** The backend now serving (a new one after {@link #openAgain}). */
    synchronized DurableH2Backend backend() {
        return backend;
    }

    /** In memory only, on any free port of the loopback interface ({@link #port}). */
    public static EmbeddedStore inMemory() {
        return open(true, null, 0);
    }

    /** The port it listens on (and listens on again after {@link #stop}). */
    public synchronized int port() {
        return port;
    }

    /** Listens again on the same port with the same data; false if it was listening already. */
    public synchronized boolean start() {
        if (closed) {
            throw new IllegalStateException("The store is closed for good");
        }
        if (server != null) {
            return false;
        }
        server = new MongoServer(backend);
        server.bind("localhost", port);
        port = server.getLocalAddress().getPort();
        return true;
    }

    /** Closes the port and every client connection at once; false if it was stopped already. */
    public synchronized boolean stop() {
        if (server == null) {
            return false;
        }
        server.shutdownNow();
        server = null;
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchdog.close();
        stop();
        backend.closeForGood();
    }
}
