package io.expoleads.notification.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A listening socket that counts the connections made to it and hangs up on each: where a
 * refused address is reachable (loopback), it shows that nothing was even connected, let alone
 * sent.
 */
final class Tripwire implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    Tripwire(InetAddress address) throws IOException {
        socket = new ServerSocket(0, 10, address);
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    // Closed at the end of the test.
                }
            }
        }, "tripwire");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
