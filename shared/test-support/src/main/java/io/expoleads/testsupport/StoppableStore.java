package io.expoleads.testsupport;

import com.mongodb.ConnectionString;
import io.expoleads.embeddedstore.EmbeddedStore;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;

/**
 * A MongoDB-wire store of a test's own, on its own port, that the test stops and starts again
 * (keeping its data, as a stopped {@code mongod} does): for the store outage tests. Give the
 * service {@link #connectionDetails} as a {@code @Primary} bean, and close the store with the
 * application context (a {@code DisposableBean} bean returning {@code store::close}), not after the
 * test class: Spring's test framework pauses a cached context (stops its lifecycle) when the next
 * class needs another one, and a context paused with its store closed had each outbox relay,
 * delivery worker and listener wait out the server selection timeout once more as it stopped,
 * 9 to 21 s of the next class's time in a CI run.
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
