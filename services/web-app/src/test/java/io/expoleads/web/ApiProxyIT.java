package io.expoleads.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web tier in front of three stand-in services: each API path reaches the service that owns
 * it, with its method, query, body and Authorization header; answers come back as the service
 * gave them; streams (server-sent events, a large export) pass through as they are written.
 */
// Fewer request threads than the streams a test holds open: a relayed live stream must hold none.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.tomcat.threads.max=50")
class ApiProxyIT {

    static final Stubs STUBS = Stubs.start();
    static final Stub EXHIBITOR = STUBS.exhibitor();
    static final Stub LEAD = STUBS.lead();
    static final Stub NOTIFICATION = STUBS.notification();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final Duration CONNECTOR_ASYNC_TIMEOUT = Duration.ofSeconds(2);

    /** Tomcat's limit on an asynchronous request that sets none itself, shortened from its 30 s. */
    @TestConfiguration
    static class ShortAsyncTimeout {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> shortAsyncTimeout() {
            return factory -> factory.addConnectorCustomizers(connector -> connector.setAsyncTimeout(CONNECTOR_ASYNC_TIMEOUT.toMillis()));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        STUBS.register(registry);
    }

    @AfterAll
    static void stop() {
        STUBS.stop();
    }

    @Test
    void every_api_path_reaches_the_service_that_owns_it() throws Exception {
        Map<String, String> owners = new java.util.LinkedHashMap<>();
        owners.put("POST /api/scans", "lead-service");
        owners.put("POST /api/scans/batch", "lead-service");
        owners.put("GET /api/leads/l-1", "lead-service");
        owners.put("PATCH /api/leads/l-1", "lead-service");
        owners.put("GET /api/attendees/a-1/badge?format=svg", "lead-service");
        owners.put("POST /api/attendees/a-1/badge/revoke", "lead-service");
        owners.put("GET /api/exhibitors/x-1/leads?minRating=4&q=casa", "lead-service");
        owners.put("GET /api/exhibitors/x-1/leads/export?format=csv", "lead-service");
        owners.put("GET /api/exhibitors/x-1/leads/events?since=2026-12-07T10%3A00%3A00Z", "lead-service");
        owners.put("GET /api/exhibitors/x-1/leads/exports", "lead-service");
        owners.put("GET /api/exhibitors/x-1/stats", "lead-service");
        owners.put("GET /api/exhibitors/x-1/badge-keys", "lead-service");
        owners.put("POST /api/editions/e-1/attendees/import", "lead-service");
        owners.put("GET /api/editions/e-1/badge-keys", "lead-service");
        owners.put("POST /api/editions/e-1/badge-keys/rotate", "lead-service");
        owners.put("PUT /api/editions/e-1/attendee-visibility", "lead-service");
        owners.put("GET /api/editions/e-1/lead-exports", "lead-service");
        owners.put("GET /api/erasures/er-1", "lead-service");
        owners.put("GET /api/editions/e-1/audit", "lead-service");
        owners.put("GET /api/editions/e-1/audit.csv", "lead-service");
        owners.put("PUT /api/scanners/p-1/state", "lead-service");
        owners.put("GET /api/exhibitors/x-1/scanners", "lead-service");
        owners.put("GET /api/editions/e-1/unsent-scans", "lead-service");
        owners.put("POST /api/exhibitors/x-1/directory/search", "lead-service");
        owners.put("GET /api/exhibitors/x-1/deliveries?channel=WEBHOOK", "notification-service");
        owners.put("GET /api/deliveries/d-1", "notification-service");
        owners.put("POST /api/deliveries/d-1/replay", "notification-service");
        owners.put("POST /api/auth/token", "exhibitor-service");
        owners.put("POST /api/auth/refresh", "exhibitor-service");
        owners.put("POST /api/auth/sign-out", "exhibitor-service");
        owners.put("POST /api/devices/activate", "exhibitor-service");
        owners.put("GET /api/editions", "exhibitor-service");
        owners.put("POST /api/editions/e-1/exhibitors", "exhibitor-service");
        owners.put("GET /api/editions/e-1/booths", "exhibitor-service");
        owners.put("GET /api/exhibitors/x-1", "exhibitor-service");
        owners.put("PATCH /api/exhibitors/x-1", "exhibitor-service");
        owners.put("POST /api/exhibitors/x-1/submit", "exhibitor-service");
        owners.put("POST /api/exhibitors/x-1/withdraw", "exhibitor-service");
        owners.put("GET /api/exhibitors/x-1/qualification-form", "exhibitor-service");
        owners.put("POST /api/exhibitors/x-1/staff", "exhibitor-service");
        owners.put("DELETE /api/exhibitors/x-1/devices/dv-1", "exhibitor-service");
        owners.put("POST /api/exhibitors/x-1/webhooks/w-1/rotate-secret", "exhibitor-service");
        owners.put("POST /api/invitations/code/accept", "exhibitor-service");
        owners.put("GET /.well-known/jwks.json", "exhibitor-service");

        for (Map.Entry<String, String> route : owners.entrySet()) {
            String method = route.getKey().substring(0, route.getKey().indexOf(' '));
            String path = route.getKey().substring(method.length() + 1);
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{\"from\":\"" + path + "\"}";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer token-of-" + path)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(route.getKey()).isEqualTo(202);
            assertThat(answer.headers().firstValue("X-Served-By")).as(route.getKey()).hasValue(route.getValue());
            assertThat(answer.body()).as(route.getKey())
                    .isEqualTo(method + " " + path + " auth=Bearer token-of-" + path + " body=" + (body == null ? "" : body));
        }
    }

    @Test
    void one_api_page_lists_the_three_services_documents_and_the_topic_contract_is_served_beside_it() throws Exception {
        for (String service : java.util.List.of("exhibitor-service", "lead-service", "notification-service")) {
            HttpResponse<String> document = get("/api-docs/" + service);
            assertThat(document.headers().firstValue("X-Served-By")).as(service).hasValue(service);
            assertThat(document.body()).as(service).startsWith("GET /v3/api-docs ");
        }
        HttpResponse<String> config = get("/v3/api-docs/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("{\"url\":\"/api-docs/exhibitor-service\",\"name\":\"exhibitor-service\"}",
                "{\"url\":\"/api-docs/lead-service\",\"name\":\"lead-service\"}",
                "{\"url\":\"/api-docs/notification-service\",\"name\":\"notification-service\"}");
        HttpResponse<String> page = get("/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-initializer.js");
        HttpResponse<String> contract = get("/api-docs/asyncapi.yaml");
        assertThat(contract.statusCode()).isEqualTo(200);
        assertThat(contract.body()).startsWith("asyncapi: 3.0.0").contains("address: expo.leads.v1");
        assertThat(get("/api-docs/").body()).contains("href=\"/swagger-ui.html\"", "href=\"/api-docs/asyncapi.yaml\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_services_learn_the_browsers_address_and_a_client_cannot_choose_it() throws Exception {
        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/auth/token?echo=forwarded")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.body()).isEqualTo("for=127.0.0.1 host=");
        // The web tier is where browsers connect: an address a client claims for itself is not passed on.
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/auth/token?echo=forwarded")).header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Host", "evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.body()).isEqualTo("for=127.0.0.1 host=");
        // The same for a live stream, relayed apart from the gateway.
        HttpResponse<String> stream = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/exhibitors/x-1/leads/events?echo=forwarded")).header("X-Forwarded-For", "203.0.113.9")
                .header("Forwarded", "for=203.0.113.9").header("X-Forwarded-Host", "evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stream.body()).isEqualTo("for=127.0.0.1 host=");
    }

    /**
     * The server's own limit on an asynchronous request (Tomcat's 30 s; 2 s in this test) does not end a
     * relayed stream: the service ends it, lead-service at its caller's token's expiry.
     */
    @Test
    void a_relayed_live_stream_outlives_the_servers_limit_on_asynchronous_requests() throws Exception {
        HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/exhibitors/x-1/leads/events?stream=endless")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream events = answer.body()) {
            assertThat(readUntil(events, "ready")).isTrue();
            java.time.Instant until = java.time.Instant.now().plus(CONNECTOR_ASYNC_TIMEOUT.multipliedBy(2));
            while (java.time.Instant.now().isBefore(until)) {
                assertThat(readUntil(events, "heartbeat")).as("a heartbeat, the stream still open").isTrue();
            }
        }
    }

    @Test
    void a_live_streams_refusal_comes_back_unchanged_with_the_callers_headers_passed_on() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/exhibitors/x-1/leads/events?answer=unauthorized"))
                .header("Authorization", "Bearer expired").header("Last-Event-ID", "lead-41").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(answer.body()).isEqualTo("{\"status\":401,\"seen\":\"Bearer expired lead-41 text/event-stream\"}");
    }

    @Test
    void an_error_answer_comes_back_unchanged() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/scans"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"problem\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"reason\":\"BAD_SIGNATURE\"");
    }

    @Test
    void server_sent_events_pass_through_as_each_is_sent() throws Exception {
        HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/exhibitors/x-1/stats?stream=events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        try (InputStream events = answer.body()) {
            // The stand-in sends its second event only once the first one reached this client.
            assertThat(readUntil(events, "first")).isTrue();
            LEAD.firstPartArrived.countDown();
            assertThat(readUntil(events, "second")).isTrue();
        }
    }

    /**
     * A dashboard closed or reloaded leaves its live stream: the web tier must end it towards the
     * service too. Spring Cloud Gateway MVC before 5.0.4 drained the service's answer to its end
     * when the browser had gone, which for an endless stream is never: each left stream held a
     * web-tier thread and a service connection for good, and 200 of them (Tomcat's threads, on a
     * Java without virtual threads) stopped the web tier answering anything (found by the benchmark).
     */
    @Test
    void a_live_stream_the_browser_leaves_is_ended_towards_the_service_too() throws Exception {
        int streams = 5;
        int endedBefore = LEAD.endedStreams.get();
        for (int i = 0; i < streams; i++) {
            HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/exhibitors/x-1/leads/events?stream=endless")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream events = answer.body()) {
                assertThat(readUntil(events, "ready")).isTrue();
            }
        }
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(LEAD.endedStreams.get() - endedBefore).as("streams ended at the service").isEqualTo(streams));
        // Every relayed stream of this class has ended by now (the held ones when their test let them go).
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(meters.get("expo.web.streams.open").gauge().value()).as("streams the web tier relays").isZero());
    }

    /**
     * More dashboards open at once than the web tier has request threads (50 in this test): a relayed
     * stream holds none (the gateway's proxy held one per stream on Java 17, so the 51st waited), and
     * the web tier answers everything else beside them.
     */
    @Test
    void two_hundred_and_fifty_open_live_streams_leave_the_web_tier_answering() throws Exception {
        int streams = 250;
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < streams; i++) {
                HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/exhibitors/x-1/leads/events?stream=held"))
                        .timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                open.add(answer.body());
                assertThat(readUntil(answer.body(), "ready")).isTrue();
            }
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/exhibitors/x-1/leads")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as("a request beside %d open streams", streams).isEqualTo(202);
        } finally {
            LEAD.heldStreams.countDown();
            for (InputStream stream : open) {
                stream.close();
            }
        }
    }

    @Test
    void a_large_export_streams_without_being_gathered_in_the_web_tier() throws Exception {
        HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/exhibitors/x-1/leads/export?format=csv&stream=large")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(answer.statusCode()).isEqualTo(200);
        try (InputStream export = answer.body()) {
            byte[] start = export.readNBytes(Stub.LARGE_PART / 2);
            assertThat(start).hasSize(Stub.LARGE_PART / 2);
            // Half of the first part arrived while the stand-in still holds the rest back.
            LEAD.exportPartArrived.countDown();
            long total = start.length + export.transferTo(OutputStream.nullOutputStream());
            assertThat(total).isEqualTo(2L * Stub.LARGE_PART);
        }
    }

    private static boolean readUntil(InputStream in, String word) throws IOException {
        StringBuilder seen = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            seen.append((char) b);
            if (seen.indexOf(word) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** One stand-in of each service the web tier routes to. */
    record Stubs(Stub exhibitor, Stub lead, Stub notification) {

        static Stubs start() {
            return new Stubs(new Stub("exhibitor-service"), new Stub("lead-service"), new Stub("notification-service"));
        }

        /** Where the web tier finds them. */
        void register(DynamicPropertyRegistry registry) {
            registry.add("expo.services.exhibitor", exhibitor::url);
            registry.add("expo.services.lead", lead::url);
            registry.add("expo.services.notification", notification::url);
        }

        void stop() {
            exhibitor.server.stop(0);
            lead.server.stop(0);
            notification.server.stop(0);
        }
    }

    /** A stand-in service: echoes what it got, names itself, and streams on demand. */
    static final class Stub {

        static final int LARGE_PART = 4 * 1024 * 1024;

        final String name;
        final HttpServer server;
        volatile boolean alive = true;
        /** How long the probe takes to answer, as an overloaded service's does. */
        volatile long probeMillis;
        final CountDownLatch firstPartArrived = new CountDownLatch(1);
        final CountDownLatch exportPartArrived = new CountDownLatch(1);
        /** Held-open streams end when this opens. */
        final CountDownLatch heldStreams = new CountDownLatch(1);
        /** Held calls ({@code ?hold=call}) are answered when this opens; how many arrived so far. */
        volatile CountDownLatch heldCalls = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger callsHeld = new java.util.concurrent.atomic.AtomicInteger();
        /** Endless streams whose reader went away (a write to it failed). */
        final java.util.concurrent.atomic.AtomicInteger endedStreams = new java.util.concurrent.atomic.AtomicInteger();

        Stub(String name) {
            this.name = name;
            try {
                server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.createContext("/actuator/health/liveness", this::liveness);
            server.start();
        }

        String url() {
            return "http://localhost:" + server.getAddress().getPort();
        }

        /** The probe the web tier's load balancer asks: UP while {@link #alive} holds, after {@link #probeMillis}. */
        private void liveness(HttpExchange exchange) throws IOException {
            if (probeMillis > 0) {
                try {
                    Thread.sleep(probeMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] status = (alive ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(alive ? 200 : 503, status.length);
            exchange.getResponseBody().write(status);
            exchange.close();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Served-By", name);
            try {
                if (target.endsWith("echo=forwarded")) {
                    byte[] echo = ("for=" + String.join(",", exchange.getRequestHeaders().getOrDefault("X-Forwarded-For", java.util.List.of()))
                            + " host=" + String.join(",", exchange.getRequestHeaders().getOrDefault("X-Forwarded-Host", java.util.List.of())))
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, echo.length);
                    exchange.getResponseBody().write(echo);
                } else if (target.endsWith("stream=events")) {
                    streamEvents(exchange);
                } else if (target.endsWith("stream=held")) {
                    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody().write("event: ready\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    try {
                        heldStreams.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else if (target.endsWith("answer=unauthorized")) {
                    byte[] problem = ("{\"status\":401,\"seen\":\"" + exchange.getRequestHeaders().getFirst("Authorization") + " "
                            + exchange.getRequestHeaders().getFirst("Last-Event-ID") + " " + exchange.getRequestHeaders().getFirst("Accept")
                            + "\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                    exchange.sendResponseHeaders(401, problem.length);
                    exchange.getResponseBody().write(problem);
                } else if (target.endsWith("fail=abort")) {
                    // As an instance that dies mid-call: the connection closes without an answer.
                    throw new IOException("the stand-in aborts this call");
                } else if (target.endsWith("hold=call")) {
                    // As a service that fell behind: the call is answered only when the test lets it.
                    CountDownLatch release = heldCalls;
                    callsHeld.incrementAndGet();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    byte[] held = "held".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(202, held.length);
                    exchange.getResponseBody().write(held);
                } else if (target.endsWith("stream=endless")) {
                    streamEndlessly(exchange);
                } else if (target.endsWith("stream=large")) {
                    streamExport(exchange);
                } else if (body.contains("\"problem\"")) {
                    byte[] problem = "{\"status\":422,\"reason\":\"BAD_SIGNATURE\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                    exchange.sendResponseHeaders(422, problem.length);
                    exchange.getResponseBody().write(problem);
                } else {
                    byte[] echo = (exchange.getRequestMethod() + " " + target + " auth="
                            + exchange.getRequestHeaders().getFirst("Authorization") + " body=" + body).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(202, echo.length);
                    exchange.getResponseBody().write(echo);
                }
            } finally {
                exchange.close();
            }
        }

        private void streamEvents(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            await(firstPartArrived);
            out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** As lead-service's live stream: an event, then a heartbeat every 100 ms for as long as someone reads. */
        private void streamEndlessly(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                out.write("event: ready\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                while (true) {
                    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    out.write(":heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException readerGone) {
                endedStreams.incrementAndGet();
            }
        }

        private void streamExport(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] part = new byte[LARGE_PART];
            java.util.Arrays.fill(part, (byte) 'x');
            out.write(part);
            out.flush();
            await(exportPartArrived);
            out.write(part);
            out.flush();
        }

        private static void await(CountDownLatch latch) {
            try {
                if (!latch.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the client never got the first part: the proxy held it back");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
