package io.expoleads.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The token keys ({@code /.well-known/jwks.json}) of the JVM's {@link TestTokens} as a service
 * reaches them through the web tier, on a port of their own that a test controls: served, taken
 * away (nothing listening: connections refused) or hung (connections accepted, never answered),
 * as an exhibitor-service instance or the web tier restarting, or stuck, would leave them.
 * It starts taken away.
 */
public final class TokenKeysEndpoint implements AutoCloseable {

    private final int port;
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;
    private HungPort hung;

    public TokenKeysEndpoint() {
        // Taken away, hung and served again on the same port: one outside the ephemeral range.
        port = HungPort.freeBelowTheEphemeralRange();
    }

    public String uri() {
        return "http://127.0.0.1:" + port + "/.well-known/jwks.json";
    }

    /** How many times the keys were served. */
    public int fetches() {
        return fetches.get();
    }

    /** The keys are served. */
    public synchronized void serve() {
        takeAway();
        byte[] jwks = TestTokens.get().jwkSet().getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer started = bound();
            started.createContext("/.well-known/jwks.json", exchange -> {
                fetches.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            started.start();
            server = started;
        } catch (IOException e) {
            throw new IllegalStateException("could not serve the token keys on port " + port, e);
        }
    }

    /**
     * A server on the port, tried for a few seconds: a listening socket elsewhere on this machine may
     * hold it for a moment (seen while other builds ran beside the tests, picking ports in the same
     * range); the service's keys address is fixed at its start, so another port would not do.
     */
    private HttpServer bound() throws IOException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            } catch (java.net.BindException taken) {
                if (System.nanoTime() > deadline) {
                    throw taken;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(200).toNanos());
            }
        }
    }

    /** Nothing listens on the port: every fetch is refused at once. */
    public synchronized void takeAway() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (hung != null) {
            hung.close();
            hung = null;
        }
    }

    /** Connections are accepted and held, and nothing is ever answered on them. */
    public synchronized void hang() {
        takeAway();
        hung = new HungPort(port, "token-keys-hung");
    }

    @Override
    public void close() {
        takeAway();
    }
}
