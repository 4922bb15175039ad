package io.expoleads.testsupport;


import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;

/**
 * A MongoDB-wire store of a test's own, on its own port, that the test stops and starts again
 * (keeping its data, as a stopped {@code mongod} does): for the store outage tests. Give the
 * service {@link #connectionDetails} as a {@code @Primary} bean.
 */
public final class StoppableStore implements AutoCloseable {

    private final int port = HungPort.freeBelowTheEphemeralRange();
    /** Closing the server would empty a memory backend: this one keeps its data for the restart. */
    private final MemoryBackend data = new MemoryBackend() {
        @Override
        public void close() {
            // kept for the restart
        }
    };
    private MongoServer server;

    public StoppableStore() {
        start();
    }

    public MongoConnectionDetails connectionDetails(String database) {
        ConnectionString connection = new ConnectionString("mongodb://localhost:" + port + "/" + database);
        return () -> connection;
    }

    /** Closes the port and every client connection at once. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** Listens again on the same port, with the data it had. */
    public synchronized void start() {
        if (server == null) {
            server = new MongoServer(data);
            server.bind("localhost", port);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
