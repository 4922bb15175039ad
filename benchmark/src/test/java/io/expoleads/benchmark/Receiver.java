package io.expoleads.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sales teams' CRM, in the benchmark: one path per exhibitor, each call verified with that
 * exhibitor's signing secret (Standard Webhooks' reference library) and timed on arrival, so the
 * latency from scan to webhook is what a CRM would see.
 */
final class Receiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Map<String, Webhook> secrets = new ConcurrentHashMap<>();
    private final Latencies latencies;
    private final AtomicLong refused = new AtomicLong();

    Receiver(Latencies latencies) throws IOException {
        this.latencies = latencies;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/crm/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url(String exhibitorId) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/crm/" + exhibitorId;
    }

    void trust(String exhibitorId, String secret) {
        try {
            secrets.put(exhibitorId, new Webhook(secret));
        } catch (Exception e) {
            throw new IllegalStateException("the webhook's signing secret is not one Standard Webhooks reads", e);
        }
    }

    long refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String exhibitorId = exchange.getRequestURI().getPath().substring("/crm/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Webhook webhook = secrets.get(exhibitorId);
            try {
                webhook.verify(body, exchange.getRequestHeaders());
            } catch (Exception e) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode event = JSON.readTree(body);
            JsonNode attendee = event.path("data").path("attendee");
            if ("lead.captured".equals(event.path("type").asString()) && attendee.has("lastName")) {
                latencies.arrived(Latencies.Stage.WEBHOOK, exhibitorId, attendee.get("lastName").asString());
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
