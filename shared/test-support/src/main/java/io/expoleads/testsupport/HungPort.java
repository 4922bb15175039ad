package io.expoleads.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port on the loopback address that takes connections in and never says anything on them: a
 * server that is up but stuck (a hung mail server, a web tier that stopped answering). Closing it
 * drops every connection it holds and frees the port.
 */
public final class HungPort implements AutoCloseable {

    private final ServerSocket listening;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Listens on {@code port} at once; the name is its acceptor thread's, for thread dumps. */
    public HungPort(int port, String name) {
        try {
            listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        } catch (IOException e) {
            throw new IllegalStateException("could not listen on port " + port, e);
        }
        acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    held.add(listening.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * A free port below the ephemeral range (20000 to 32000), for a test that closes its server and
     * listens on the same port again: in the ephemeral range the system may give the port to an
     * outgoing connection meanwhile, and the second bind fails.
     */
    public static int freeBelowTheEphemeralRange() {
        java.util.Random random = new java.util.Random();
        for (int tries = 0; tries < 100; tries++) {
            int candidate = 20_000 + random.nextInt(12_000);
            try (ServerSocket probe = new ServerSocket(candidate, 50, InetAddress.getLoopbackAddress())) {
                return candidate;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    /** How many connections it took in so far. */
    public int accepted() {
        return held.size();
    }

    @Override
    public void close() {
        try {
            listening.close();
        } catch (IOException ignored) {
            // closed either way
        }
        // A connection accepted just before the close but not yet in held would stay open on the
        // port, unreset: the acceptor is let finish first.
        try {
            acceptor.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket socket : held) {
            try {
                // Reset, not closed: a close from this side leaves the port in TIME_WAIT, and a server
                // listening on it again next (without SO_REUSEADDR, as the JDK's HttpServer) is refused.
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }
        held.clear();
    }
}
