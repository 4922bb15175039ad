package io.expoleads.localstack;

import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;

/**
 * The stack's MongoDB-wire store (mongo-java-server) on its port, which can be stopped and started
 * again on the same data while the stack runs (the console's {@code store stop} and {@code store
 * start}): what a store outage looks like to the services, a closed port and every connection cut,
 * without losing what it held, as a stopped {@code mongod} keeps its files.
 */
final class EmbeddedStore implements AutoCloseable {

    private final DurableH2Backend backend;
    private final int port;
    private MongoServer server;

    private EmbeddedStore(DurableH2Backend backend, int port) {
        this.backend = backend;
        this.port = port;
    }

    /** The H2 file in the data folder, or memory only; listening on {@code port}. */
    static EmbeddedStore open(boolean memory, Path file, int port) {
        EmbeddedStore store = new EmbeddedStore(memory ? DurableH2Backend.inMemoryOnly() : DurableH2Backend.inFile(file.toString()), port);
        store.start();
        return store;
    }

    /** Listens again on the same port with the same data; false if it was listening already. */
    synchronized boolean start() {
        if (server != null) {
            return false;
        }
        server = new MongoServer(backend);
        server.bind("localhost", port);
        return true;
    }

    /** Closes the port and every client connection at once; false if it was stopped already. */
    synchronized boolean stop() {
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
