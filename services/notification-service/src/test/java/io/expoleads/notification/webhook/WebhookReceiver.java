package io.expoleads.notification.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An exhibitor's webhook receiver on 127.0.0.1, on the JDK's own HTTP server: it checks what a
 * receiver checks, with the one secret it holds (the Standard Webhooks headers, a timestamp of
 * the moment of sending, and the signature, through the specification's reference library),
 * answers 401 when they do not hold, and otherwise answers as told. It records every request.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** How recent a {@code webhook-timestamp} must be: it is taken when the attempt starts. */
    static final Duration FRESHNESS = Duration.ofSeconds(30);

    /**
     * A request as it arrived; {@code problem} is null when the receiver accepted its signature;
     * {@code held} when it came during a hang and was never answered.
     */
    public record Received(String path, Headers headers, byte[] body, String problem, int remotePort, Instant arrivedAt,
                           boolean held) {

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** What the receiver answers to a request it accepts. */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay) {

        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", Duration.ZERO);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, Map.copyOf(more), body, delay);
        }

        public Answer withBody(String text) {
            return new Answer(status, headers, text, delay);
        }

        public Answer after(Duration wait) {
            return new Answer(status, headers, body, wait);
        }
    }

    private final String secret;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = Answer.status(204);
    private volatile Instant hangUntil = Instant.MIN;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    public WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    public void answer(Answer next) {
        answer = next;
    }

    /**
     * Until then, requests are taken in and never answered (a CRM that hangs): each is held until the
     * hang is over, then its connection is dropped without an answer. Afterwards it answers again.
     */
    public void hangUntil(Instant until) {
        hangUntil = until;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The most requests this receiver was answering at one moment. */
    int mostInFlight() {
        return mostInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            respond(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant arrived = Instant.now();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers headers = exchange.getRequestHeaders();
            String problem = problem(headers, body);
            Instant hang = hangUntil;
            boolean held = arrived.isBefore(hang);
            received.add(new Received(exchange.getRequestURI().getPath(), headers, body, problem,
                    exchange.getRemoteAddress().getPort(), arrived, held));
            if (held) {
                try {
                    Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), hang).toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // No answer: the connection is dropped as the exchange closes.
                return;
            }
            Answer given = problem == null ? answer : Answer.status(401).withBody(problem);
            if (!given.delay().isZero()) {
                try {
                    Thread.sleep(given.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            given.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] out = given.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(given.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream stream = exchange.getResponseBody()) {
                    stream.write(out);
                }
            }
        }
    }

    private String problem(Headers headers, byte[] body) {
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            if (headers.getFirst(name) == null) {
                return "missing " + name;
            }
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(headers.getFirst("webhook-timestamp"));
        } catch (NumberFormatException e) {
            return "webhook-timestamp is not a number";
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > FRESHNESS.toSeconds()) {
            return "webhook-timestamp is not fresh";
        }
        try {
            new Webhook(secret).verify(new String(body, StandardCharsets.UTF_8), headers);
            return null;
        } catch (WebhookVerificationException e) {
            return "signature: " + e.getMessage();
        } catch (Exception e) {
            return "cannot verify: " + e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
