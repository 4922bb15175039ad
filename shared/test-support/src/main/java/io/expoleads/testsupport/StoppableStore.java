package io.expoleads.testsupport;

import com.mongodb.ConnectionString;
import io.expoleads.embeddedstore.EmbeddedStore;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;

/**
 * A MongoDB-wire store of a test's own, on its own port, that the test stops and starts again
 * (keeping its data, as a stopped {@code mongod} does): for the store outage tests. Give the
 * service {@link #connectionDetails} as a {@code @Primary} bean.
 */
public final class StoppableStore implements AutoCloseable {

    private final int port = HungPort.freeBelowTheEphemeralRange();
    /** Stopped, it keeps its data for the restart. */
    private final EmbeddedStore data = EmbeddedStore.open(true, null, port);

    public MongoConnectionDetails connectionDetails(String database) {
        ConnectionString connection = new ConnectionString("mongodb://localhost:" + port + "/" + database);
        return () -> connection;
    }

    /** Closes the port and every client connection at once. */
    public void stop() {
        data.stop();
    }

    /** Listens again on the same port, with the data it had. */
    public void start() {
        data.start();
    }

    @Override
    public void close() {
        data.close();
    }
}
