package io.expoleads.embeddedstore;

import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The embedded MongoDB-wire store (mongo-java-server on {@link DurableH2Backend}) on its port: the local
 * stack's store, and the integration tests' where there is no MongoDB. It can be stopped and started
 * again on the same data (the console's {@code store stop} and {@code store start}, the tests' store
 * outages): what a store outage looks like to the services, a closed port and every connection cut,
 * without losing what it held, as a stopped {@code mongod} keeps its files.
 */
public final class EmbeddedStore implements AutoCloseable {

    private final DurableH2Backend backend;
    private int port;
    private MongoServer server;

    private EmbeddedStore(DurableH2Backend backend, int port) {
        this.backend = backend;
        this.port = port;
    }

    /** The H2 file in the data folder, or memory only; listening on {@code port} (0: any free port, then {@link #port}). */
    public static EmbeddedStore open(boolean memory, Path file, int port) {
        EmbeddedStore store = new EmbeddedStore(memory ? DurableH2Backend.inMemoryOnly() : DurableH2Backend.inFile(file.toString()), port);
        store.start();
        return store;
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
        stop();
        backend.closeForGood();
    }
}
