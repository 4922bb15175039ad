package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.expoleads.notification.webhook.WebhookReceiver.Answer;
import io.expoleads.notification.webhook.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real webhook calls to a real receiver on 127.0.0.1 that checks the signature itself (see
 * {@link WebhookReceiver}); nothing of HTTP is mocked. Senders allow loopback, as in local
 * development, unless a test says otherwise.
 */
class WebhookSenderTest {

    private static final String SECRET = "whsec_cFhxkmjspWqIQ+NGBpRi4BUS2i5wUAumtq1hN2MYe2w=";
    private static final String OLD_SECRET = "whsec_J/hg5+GY47NPmsBnIExl91VbRI+iKkTc";
    private static final String BODY = "{\"type\":\"lead.captured\",\"lead\":{\"name\":\"Zoë Ångström\",\"note\":\"très chaud 🔥\"}}";
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
    /** How far past its timeout an attempt may end: scheduling, closing the socket, a loaded machine. */
    private static final Duration MARGIN = Duration.ofMillis(800);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void a_2xx_answer_succeeds_with_the_signed_body_byte_for_byte_and_the_address_connected_to() throws Exception {
        WebhookReceiver receiver = receiver(SECRET);
        long before = Instant.now().getEpochSecond();

        WebhookCall call = sender(Duration.ofSeconds(10)).send(receiver.url("/hooks/leads"), "msg_1", BODY, List.of(SECRET));

        assertThat(call.succeeded()).isTrue();
        assertThat(call.status()).isEqualTo(204);
        assertThat(call.error()).isNull();
        assertThat(call.refused()).isFalse();
        assertThat(call.retryAfter()).isNull();
        assertThat(call.address()).isEqualTo("127.0.0.1");
        assertThat(call.latencyMillis()).isBetween(0L, 10_000L);
        assertThat(call.at().getEpochSecond()).isBetween(before, Instant.now().getEpochSecond());
        Received request = single(receiver);
        assertThat(request.problem()).isNull();
        assertThat(request.path()).isEqualTo("/hooks/leads");
        assertThat(request.body()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(request.header("webhook-id")).isEqualTo("msg_1");
        assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(call.at().getEpochSecond()));
        assertThat(request.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("ExpoLeads-Webhooks/1");
        assertThat(request.header("Cookie")).isNull();
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void a_receiver_holding_a_different_secret_rejects_the_call() throws Exception {
        WebhookReceiver receiver = receiver(OLD_SECRET);

        WebhookCall call = sender(Duration.ofSeconds(10)).send(receiver.url("/hook"), "msg_2", BODY, List.of(SECRET));

        assertThat(call.succeeded()).isFalse();
        assertThat(call.status()).isEqualTo(401);
        assertThat(call.error()).startsWith("HTTP 401: signature");
        assertThat(single(receiver).problem()).isNotNull();
    }

    @Test
    void during_a_rotation_a_receiver_holding_either_the_old_or_the_new_secret_accepts_the_call() throws Exception {
        WebhookSender sender = sender(Duration.ofSeconds(10));
        WebhookReceiver stillOld = receiver(OLD_SECRET);
        WebhookReceiver alreadyNew = receiver(SECRET);
        List<String> rotating = List.of(SECRET, OLD_SECRET);

        assertThat(sender.send(stillOld.url("/hook"), "msg_3", BODY, rotating).status()).isEqualTo(204);
        assertThat(sender.send(alreadyNew.url("/hook"), "msg_3", BODY, rotating).status()).isEqualTo(204);

        assertThat(single(stillOld).problem()).isNull();
        assertThat(single(alreadyNew).problem()).isNull();
        assertThat(single(alreadyNew).header("webhook-signature").split(" ")).hasSize(2);
    }

    @Test
    void a_server_error_fails_with_its_status_and_the_start_of_its_answer() throws Exception {
        WebhookReceiver receiver = receiver(SECRET);
        receiver.answer(Answer.status(500).withBody("  database down\n"));

        WebhookCall call = sender(Duration.ofSeconds(10)).send(receiver.url("/hook"), "msg_4", BODY, List.of(SECRET));

        assertThat(call.succeeded()).isFalse();
        assertThat(call.gone()).isFalse();
        assertThat(call.status()).isEqualTo(500);
        assertThat(call.error()).isEqualTo("HTTP 500: database down");
        assertThat(call.responseSnippet()).isEqualTo("database down");
        assertThat(call.retryAfter()).isNull();
        assertThat(call.refused()).isFalse();
        assertThat(call.address()).isEqualTo("127.0.0.1");
    }

    @Test
    void only_the_first_500_characters_of_a_long_answer_are_kept_and_the_connection_is_dropped_not_drained() throws Exception {
        WebhookSender sender = sender(Duration.ofSeconds(10));
        WebhookReceiver receiver = receiver(SECRET);
        receiver.answer(Answer.status(400).withBody("é".repeat(500_000)));

        WebhookCall call = sender.send(receiver.url("/hook"), "msg_5", BODY, List.of(SECRET));
        receiver.answer(Answer.status(204));
        WebhookCall next = sender.send(receiver.url("/hook"), "msg_5", BODY, List.of(SECRET));

        assertThat(call.status()).isEqualTo(400);
        assertThat(call.responseSnippet()).isEqualTo("é".repeat(500));
        assertThat(call.error()).hasSizeLessThan(300);
        assertThat(next.succeeded()).isTrue();
    }

    @Test
    void the_rest_of_a_long_answer_is_not_waited_for() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dribble(server, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(5_000), "x".repeat(95_000));
            WebhookSender sender = sender(Duration.ofSeconds(10));

            long started = System.nanoTime();
            WebhookCall call = assertTimeoutPreemptively(Duration.ofSeconds(15),
                    () -> sender.send("http://127.0.0.1:" + server.getLocalPort() + "/hook", "msg_5", BODY, List.of(SECRET)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(call.status()).isEqualTo(500);
            assertThat(call.responseSnippet()).isEqualTo("x".repeat(500));
            assertThat(took).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void a_410_says_the_endpoint_is_gone() throws Exception {
        WebhookReceiver receiver = receiver(SECRET);
        receiver.answer(Answer.status(410));

        WebhookCall call = sender(Duration.ofSeconds(10)).send(receiver.url("/hook"), "msg_6", BODY, List.of(SECRET));

        assertThat(call.gone()).isTrue();
        assertThat(call.succeeded()).isFalse();
        assertThat(call.error()).isEqualTo("HTTP 410");
    }

    @Test
    void a_429_or_503_carries_its_retry_after_in_seconds_or_as_a_date() throws Exception {
        WebhookSender sender = sender(Duration.ofSeconds(10));
        WebhookReceiver receiver = receiver(SECRET);

        receiver.answer(Answer.status(429).withHeader("Retry-After", "120"));
        WebhookCall inSeconds = sender.send(receiver.url("/hook"), "msg_7", BODY, List.of(SECRET));
        receiver.answer(Answer.status(503).withHeader("Retry-After", HTTP_DATE.format(Instant.now().plusSeconds(90))));
        WebhookCall asDate = sender.send(receiver.url("/hook"), "msg_7", BODY, List.of(SECRET));

        assertThat(inSeconds.status()).isEqualTo(429);
        assertThat(inSeconds.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        assertThat(inSeconds.error()).isEqualTo("HTTP 429");
        assertThat(asDate.status()).isEqualTo(503);
        assertThat(asDate.retryAfter()).isBetween(Duration.ofSeconds(85), Duration.ofSeconds(90));
    }

    @Test
    void retry_after_is_ignored_on_other_statuses_and_when_it_is_garbage() throws Exception {
        WebhookSender sender = sender(Duration.ofSeconds(10));
        WebhookReceiver receiver = receiver(SECRET);

        receiver.answer(Answer.status(500).withHeader("Retry-After", "120"));
        WebhookCall serverError = sender.send(receiver.url("/hook"), "msg_8", BODY, List.of(SECRET));
        receiver.answer(Answer.status(429).withHeader("Retry-After", "soon-ish"));
        WebhookCall garbage = sender.send(receiver.url("/hook"), "msg_8", BODY, List.of(SECRET));
        receiver.answer(Answer.status(503).withHeader("Retry-After", "31536000"));
        WebhookCall aYear = sender.send(receiver.url("/hook"), "msg_8", BODY, List.of(SECRET));

        assertThat(serverError.retryAfter()).isNull();
        assertThat(garbage.status()).isEqualTo(429);
        assertThat(garbage.retryAfter()).isNull();
        assertThat(aYear.retryAfter()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void a_redirect_is_a_failure_and_is_not_followed() throws Exception {
        WebhookReceiver receiver = receiver(SECRET);
        receiver.answer(Answer.status(302).withHeader("Location", receiver.url("/elsewhere")));

        WebhookCall call = sender(Duration.ofSeconds(10)).send(receiver.url("/hook"), "msg_9", BODY, List.of(SECRET));

        assertThat(call.succeeded()).isFalse();
        assertThat(call.status()).isEqualTo(302);
        assertThat(call.error()).startsWith("HTTP 302: redirects are not followed").contains("/elsewhere");
        assertThat(receiver.received()).extracting(Received::path).containsExactly("/hook");
    }

    @Test
    void a_server_slower_than_the_timeout_ends_the_attempt_at_the_timeout() throws Exception {
        WebhookReceiver receiver = receiver(SECRET);
        receiver.answer(Answer.status(204).after(Duration.ofSeconds(5)));
        WebhookSender sender = sender(SHORT_TIMEOUT);

        long started = System.nanoTime();
        WebhookCall call = assertTimeoutPreemptively(Duration.ofSeconds(4),
                () -> sender.send(receiver.url("/hook"), "msg_10", BODY, List.of(SECRET)));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isBetween(SHORT_TIMEOUT.minusMillis(50), SHORT_TIMEOUT.plus(MARGIN));
        assertThat(call.status()).isZero();
        assertThat(call.error()).startsWith("timed out after 1s");
        assertThat(call.refused()).isFalse();
        assertThat(call.address()).isEqualTo("127.0.0.1");
        assertThat(single(receiver).problem()).isNull();
    }

    @Test
    void a_server_dribbling_its_answer_a_byte_at_a_time_is_cut_off_at_the_timeout() throws Exception {
        // Each byte comes well within the read timeout, so only the attempt's deadline can end it.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dribbler = dribble(server, "", "HTTP/1.1 200 OK\r\nX-Slow: " + "a".repeat(200));
            WebhookSender sender = sender(SHORT_TIMEOUT);

            long started = System.nanoTime();
            WebhookCall call = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> sender.send("http://127.0.0.1:" + server.getLocalPort() + "/hook", "msg_11", BODY, List.of(SECRET)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(SHORT_TIMEOUT.plus(MARGIN));
            assertThat(call.status()).isZero();
            assertThat(call.error()).isEqualTo("timed out after 1s");
            dribbler.interrupt();
        }
    }

    @Test
    void a_2xx_whose_body_dribbles_counts_as_delivered_and_still_ends_at_the_timeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dribbler = dribble(server, "HTTP/1.1 200 OK\r\nContent-Length: 300\r\n\r\n", "a".repeat(300));
            WebhookSender sender = sender(SHORT_TIMEOUT);

            long started = System.nanoTime();
            WebhookCall call = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> sender.send("http://127.0.0.1:" + server.getLocalPort() + "/hook", "msg_12", BODY, List.of(SECRET)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(SHORT_TIMEOUT.plus(MARGIN));
            assertThat(call.succeeded()).isTrue();
            assertThat(call.error()).isNull();
            assertThat(call.responseSnippet()).isNotNull().matches("a+").hasSizeLessThan(300);
            dribbler.interrupt();
        }
    }

    @Test
    void a_refused_connection_is_reported_without_an_http_status() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        WebhookCall call = sender(Duration.ofSeconds(10)).send("http://127.0.0.1:" + closedPort + "/hook", "msg_13", BODY, List.of(SECRET));

        assertThat(call.status()).isZero();
        assertThat(call.error()).isEqualTo("connection refused");
        assertThat(call.refused()).isFalse();
        assertThat(call.address()).isNull();
        assertThat(call.latencyMillis()).isLessThan(5_000L);
    }

    @Test
    void an_unknown_host_is_reported_without_an_http_status() throws Exception {
        WebhookSender sender = keep(new WebhookSender(false, Duration.ofSeconds(10), new FixedNames(), java.time.Clock.systemUTC()));

        WebhookCall call = sender.send("https://crm.nowhere.example/hook", "msg_14", BODY, List.of(SECRET));

        assertThat(call.status()).isZero();
        assertThat(call.error()).isEqualTo("unknown host crm.nowhere.example");
        assertThat(call.refused()).isFalse();
    }

    @Test
    void a_tls_handshake_with_a_server_that_speaks_no_tls_is_a_tls_failure() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dribble(server, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "");
            WebhookSender sender = keep(new WebhookSender(true, Duration.ofSeconds(10),
                    FixedNames.of("crm.example", new byte[] {127, 0, 0, 1}), java.time.Clock.systemUTC()));

            WebhookCall call = sender.send("https://crm.example:" + server.getLocalPort() + "/hook", "msg_15", BODY, List.of(SECRET));

            assertThat(call.status()).isZero();
            assertThat(call.error()).startsWith("TLS failure: ");
            assertThat(call.refused()).isFalse();
            assertThat(call.latencyMillis()).isLessThan(5_000L);
        }
    }

    @Test
    void consecutive_calls_to_a_receiver_reuse_one_connection() throws Exception {
        WebhookSender sender = sender(Duration.ofSeconds(10));
        WebhookReceiver receiver = receiver(SECRET);

        sender.send(receiver.url("/hook"), "msg_16", BODY, List.of(SECRET));
        sender.send(receiver.url("/hook"), "msg_17", BODY, List.of(SECRET));

        assertThat(receiver.received()).hasSize(2).extracting(Received::remotePort).containsOnly(receiver.received().get(0).remotePort());
    }

    @Test
    void urls_the_policy_refuses_before_resolving_are_never_called() throws Exception {
        WebhookReceiver receiver = receiver(SECRET);
        WebhookSender production = keep(new WebhookSender(false, Duration.ofSeconds(10), new FixedNames(), java.time.Clock.systemUTC()));
        WebhookSender development = sender(Duration.ofSeconds(10));

        assertRefused(production.send(receiver.url("/hook"), "msg_18", BODY, List.of(SECRET)), "must use https");
        assertRefused(development.send("https://user:pass@127.0.0.1:" + receiver.port() + "/hook", "msg_18", BODY, List.of(SECRET)),
                "must not carry credentials");
        assertRefused(development.send("ftp://127.0.0.1:" + receiver.port() + "/hook", "msg_18", BODY, List.of(SECRET)),
                "must be an https URL with a host");
        assertRefused(development.send("not a url", "msg_18", BODY, List.of(SECRET)), "is not a URL");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void plain_http_in_local_development_goes_to_loopback_only() throws Exception {
        WebhookReceiver receiver = receiver(SECRET);
        WebhookSender toLoopback = keep(new WebhookSender(true, Duration.ofSeconds(10),
                FixedNames.of("crm.example", new byte[] {127, 0, 0, 1}), java.time.Clock.systemUTC()));
        WebhookSender toPublic = keep(new WebhookSender(true, SHORT_TIMEOUT,
                FixedNames.of("crm.example", new byte[] {(byte) 203, 0, 113, 7}), java.time.Clock.systemUTC()));

        WebhookCall local = toLoopback.send("http://crm.example:" + receiver.port() + "/hook", "msg_19", BODY, List.of(SECRET));
        WebhookCall remote = toPublic.send("http://crm.example:" + receiver.port() + "/hook", "msg_19", BODY, List.of(SECRET));

        assertThat(local.succeeded()).isTrue();
        assertThat(local.address()).isEqualTo("127.0.0.1");
        assertRefused(remote, "must use https");
        assertThat(receiver.received()).hasSize(1);
    }

    static void assertRefused(WebhookCall call, String reason) {
        assertThat(call.refused()).isTrue();
        assertThat(call.status()).isZero();
        assertThat(call.error()).isEqualTo("refused: " + reason);
        assertThat(call.address()).isNull();
        assertThat(call.succeeded()).isFalse();
    }

    /** Accepts one connection, reads the request, writes {@code first}, then {@code slowly} a byte every 50 ms. */
    private static Thread dribble(ServerSocket server, String first, String slowly) {
        Thread thread = new Thread(() -> {
            try (Socket client = server.accept()) {
                client.getInputStream().read(new byte[16 * 1024]);
                OutputStream out = client.getOutputStream();
                out.write(first.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (byte b : slowly.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                // The sender hung up, as it should, or the test is over.
            }
        }, "dribbler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private WebhookSender sender(Duration timeout) {
        return keep(new WebhookSender(true, timeout, new FixedNames(), java.time.Clock.systemUTC()));
    }

    private WebhookReceiver receiver(String secret) throws IOException {
        return keep(new WebhookReceiver(secret));
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    private static Received single(WebhookReceiver receiver) {
        assertThat(receiver.received()).hasSize(1);
        return receiver.received().get(0);
    }
}
