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
            HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
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
