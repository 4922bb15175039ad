package io.expoleads.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A sales team's CRM on this machine: it accepts a webhook call only when the Standard Webhooks
 * reference library verifies its signature with the secret the exhibitor was given, and notes when
 * each verified call arrived.
 */
final class CrmReceiver implements AutoCloseable {

    /** @param traceparent the W3C trace context the call carried, for the CRM to join the sender's trace */
    record Call(Instant arrivedAt, String webhookId, String body, String traceparent) {
    }

    private final HttpServer server;
    private final List<Call> verified = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private volatile Instant hangUntil = Instant.MIN;

    CrmReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The secret the exhibitor-service showed when the webhook was added. */
    void trust(String signingSecret) {
        secret = signingSecret;
    }

    /** From now on for that long, calls are taken in and never answered (a CRM that hangs); then it answers again. */
    void hangFor(java.time.Duration duration) {
        hangUntil = Instant.now().plus(duration);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/crm/leads";
    }

    List<Call> verified() {
        return List.copyOf(verified);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant arrived = Instant.now();
            if (arrived.isBefore(hangUntil)) {
                // Connected, request read or not, and no answer until the hang is over: then the connection is dropped.
                try {
                    Thread.sleep(java.time.Duration.between(arrived, hangUntil).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                new Webhook(secret).verify(body, exchange.getRequestHeaders());
                verified.add(new Call(arrived, exchange.getRequestHeaders().getFirst("webhook-id"), body,
                        exchange.getRequestHeaders().getFirst("traceparent")));
                exchange.sendResponseHeaders(204, -1);
            } catch (Exception e) {
                refused.add(e.toString());
                exchange.sendResponseHeaders(401, -1);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
