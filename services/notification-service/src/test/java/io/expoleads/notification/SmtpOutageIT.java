package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.webhook.WebhookReceiver;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HungPort;
import io.expoleads.testsupport.TestMailServer;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.TestPropertySource;

/**
 * Fault 4 of the fault suite, the mail side, on one service: the SMTP server goes away (connections
 * refused), then hangs (connections accepted, nothing ever said), then comes back. Meanwhile email
 * deliveries fail and are retried with back-off, each attempt ending within the mail timeouts (here
 * 1 s to connect, 2 s per read or write; 5 s and 10 s in production), and the same leads' webhooks
 * arrive within their normal latency: emails have workers of their own. Once the server is back
 * every email arrives, each once. The server is this test's own GreenMail, a new one on the same
 * port after the outage (a stopped GreenMail drops what it caught). Retries come every 200 ms to 2 s
 * in real time, not on the tests' TestClock: the outage and the hang last as long as they last, and the
 * emails must be retried within them while the webhooks' latency is measured.
 */
// The same properties, in the same order, as HungReceiverIsolationIT's (whose context is named for two
// instances; here only the one runs): one application context for both, saving a start of the service.
@TestPropertySource(properties = {"expo.deliveries.initial-delay=200ms", "expo.deliveries.max-delay=2s", "expo.deliveries.retry-window=10m",
        "spring.mail.properties[mail.smtp.connectiontimeout]=1000", "spring.mail.properties[mail.smtp.timeout]=2000",
        "spring.mail.properties[mail.smtp.writetimeout]=2000", ExpoTestInfrastructure.INSTANCE_OF + "=" + NotificationServiceIT.REAL_TIME_DEPLOYMENT})
class SmtpOutageIT extends NotificationServiceIT {

    private static final int EXHIBITORS = 8;
    private static final int LEADS_EACH = 10;
    /** expo.deliveries.email-workers, as configured by default. */
    private static final int EMAIL_WORKERS = 8;
    /** The mail timeouts above, and room for a loaded machine. */
    private static final long LONGEST_ATTEMPT_MILLIS = 1_000 + 2_000 + 2_000;
    private static final Pattern VISITOR = Pattern.compile("(Normal|Down|Hung)(\\d+)");

    @Autowired
    JavaMailSenderImpl mail;

    private final List<String> exhibitors = new ArrayList<>();
    private final List<String> salesAddresses = new ArrayList<>();
    private final List<WebhookReceiver> crms = new ArrayList<>();
    private int port;
    private GreenMail smtp;
    private HungPort hung;

    @BeforeEach
    void ownMailServer() throws IOException {
        port = HungPort.freeBelowTheEphemeralRange();
        smtp = startSmtp();
        mail.setPort(port);
    }

    @AfterEach
    void restoreMailServer() {
        mail.setPort(TestMailServer.get().getSmtp().getPort());
        if (smtp != null) {
            smtp.stop();
        }
        if (hung != null) {
            hung.close();
        }
        crms.forEach(WebhookReceiver::close);
    }

    @Test
    void while_the_mail_server_is_down_or_hangs_emails_are_retried_webhooks_go_on_and_every_email_arrives_once_it_is_back()
            throws Exception {
        for (int e = 0; e < EXHIBITORS; e++) {
            String secret = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
            WebhookReceiver crm = new WebhookReceiver(secret);
            crms.add(crm);
            String address = "sales-" + e + "-" + UUID.randomUUID() + "@atlas.example";
            salesAddresses.add(address);
            String exhibitor = knownExhibitor("en", address);
            exhibitors.add(exhibitor);
            publishWebhooks(exhibitor, 1, List.of(new WebhookEndpoints.Endpoint("crm", crm.url("/crm/" + e),
                    List.of(new WebhookEndpoints.Secret(secret, null)))));
        }
        await().atMost(WAIT).until(() -> exhibitors.stream().allMatch(exhibitor -> webhooks.active(exhibitor).size() == 1));
        dropOtherTestsDeliveries(exhibitors);

        // Normal: the server answers.
        LeadBurst normal = publishBurst(exhibitors, LEADS_EACH, "Normal");
        List<Long> normalLatencies = webhookLatencies(normal);
        await().atMost(WAIT).until(() -> emailsSucceeded(normal) == normal.leads().size());
        long normalMax = percentile(normalLatencies, 100);
        System.out.printf("SMTP up: %d webhooks, latency p50 %d ms, max %d ms; %d emails delivered%n", normalLatencies.size(),
                percentile(normalLatencies, 50), normalMax, normal.leads().size());

        // Down: nothing listens on the mail server's port.
        smtp.stop();
        smtp = null;
        Instant outage = Instant.now();
        LeadBurst down = publishBurst(exhibitors, LEADS_EACH, "Down");
        List<Long> downLatencies = webhookLatencies(down);
        await().atMost(WAIT).until(() -> emailAttempts(down).stream().allMatch(attempts -> attempts.size() >= 2));
        System.out.printf("SMTP refusing connections: %d webhooks, latency p50 %d ms, max %d ms%n", downLatencies.size(),
                percentile(downLatencies, 50), percentile(downLatencies, 100));
        assertThat(percentile(downLatencies, 100)).as("webhooks within their normal latency (max %d ms)", normalMax)
                .isLessThanOrEqualTo(2 * normalMax + 2_000);

        // Hung: connections are accepted and nothing is ever said on them.
        hung = new HungPort(port, "smtp-hung");
        LeadBurst hanging = publishBurst(exhibitors, LEADS_EACH, "Hung");
        List<Long> hungLatencies = webhookLatencies(hanging);
        // Each email worker has met the hung server at least once (8 workers, each attempt ending at its 2 s timeout).
        await().atMost(WAIT).until(() -> hung.accepted() >= 2 * EMAIL_WORKERS && timedOut(down, hanging) >= EMAIL_WORKERS);
        System.out.printf("SMTP accepting connections and never answering: %d webhooks, latency p50 %d ms, max %d ms;"
                        + " %d connections taken and left unanswered%n", hungLatencies.size(), percentile(hungLatencies, 50),
                percentile(hungLatencies, 100), hung.accepted());
        assertThat(percentile(hungLatencies, 100)).as("webhooks within their normal latency (max %d ms)", normalMax)
                .isLessThanOrEqualTo(2 * normalMax + 2_000);

        // Back: a new server on the same port.
        hung.close();
        hung = null;
        smtp = startSmtp();
        Instant back = Instant.now();
        LeadBurst[] outageBursts = {down, hanging};
        int expected = down.leads().size() + hanging.leads().size();
        await().atMost(Duration.ofMinutes(1)).until(() -> emailsSucceeded(down) + emailsSucceeded(hanging) == expected);
        Duration recovered = Duration.between(back, Instant.now());

        List<Document> failed = new ArrayList<>();
        for (LeadBurst burst : outageBursts) {
            for (List<Document> attempts : emailAttempts(burst)) {
                attempts.stream().filter(attempt -> "FAILED".equals(attempt.getString("outcome"))).forEach(failed::add);
            }
        }
        long longest = failed.stream().mapToLong(attempt -> attempt.get("latencyMillis", Number.class).longValue()).max().orElse(0);
        long timedOut = failed.stream().filter(SmtpOutageIT::timedOut).count();
        Map<String, Integer> caught = new HashMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            Matcher visitor = VISITOR.matcher(subject(message));
            if (visitor.find()) {
                caught.merge(recipient(message) + " " + visitor.group(), 1, Integer::sum);
            }
        }
        long missing = 0;
        for (LeadBurst burst : outageBursts) {
            for (var lead : burst.leads()) {
                String key = salesAddresses.get(exhibitors.indexOf(lead.exhibitorId())) + " " + lead.attendee().firstName();
                missing += caught.containsKey(key) ? 0 : 1;
            }
        }
        long duplicates = caught.values().stream().mapToLong(count -> count - 1).sum();
        System.out.printf("SMTP back after %.1f s away: the %d emails of the outage delivered %.1f s later (missing %d, duplicates %d);"
                        + " %d failed attempts meanwhile (%d timed out), the longest %d ms%n",
                Duration.between(outage, back).toMillis() / 1000.0, expected, recovered.toMillis() / 1000.0, missing, duplicates,
                failed.size(), timedOut, longest);
        assertThat(missing).isZero();
        assertThat(duplicates).isZero();
        assertThat(timedOut).as("attempts against the hung server timed out").isPositive();
        assertThat(longest).as("no attempt held its worker beyond the mail timeouts").isLessThanOrEqualTo(LONGEST_ATTEMPT_MILLIS);
    }

    /**
     * A mail server on this test's port. When it comes back after the hung one, the port may still be
     * held for a moment by a connection the hung server had taken (a full run met "Address already in
     * use" once): it is tried again for up to 10 s, each try waiting GreenMail's own start-up time.
     */
    private GreenMail startSmtp() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            try {
                server.start();
                return server;
            } catch (IllegalStateException notListening) {
                server.stop();
                if (Instant.now().isAfter(deadline)) {
                    throw notListening;
                }
            }
        }
    }

    /** Waits for every webhook of the burst and answers their latencies, sorted (first verified arrival after publishing). */
    private List<Long> webhookLatencies(LeadBurst burst) {
        List<String> leads = burst.leadIds();
        await().atMost(Duration.ofMinutes(1)).until(() -> webhookArrivals(leads).size() == leads.size());
        return webhookArrivals(leads).values().stream().map(at -> Duration.between(burst.publishedAt(), at).toMillis()).sorted().toList();
    }

    private Map<String, Instant> webhookArrivals(List<String> leads) {
        Map<String, Instant> first = new HashMap<>();
        for (WebhookReceiver crm : crms) {
            for (WebhookReceiver.Received call : crm.received()) {
                String lead = json.readTree(call.body()).path("data").path("leadId").asString();
                if (call.problem() == null && leads.contains(lead)) {
                    first.merge(lead, call.arrivedAt(), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        return first;
    }

    private long emailsSucceeded(LeadBurst burst) {
        return mongo.getCollection("deliveries").countDocuments(new Document("leadId", new Document("$in", burst.leadIds()))
                .append("channel", "EMAIL").append("status", "SUCCEEDED"));
    }

    private long timedOut(LeadBurst... bursts) {
        long count = 0;
        for (LeadBurst burst : bursts) {
            for (List<Document> attempts : emailAttempts(burst)) {
                count += attempts.stream().filter(attempt -> timedOut(attempt)).count();
            }
        }
        return count;
    }

    private static boolean timedOut(Document attempt) {
        String error = String.valueOf(attempt.getString("error")).toLowerCase(java.util.Locale.ROOT);
        return "FAILED".equals(attempt.getString("outcome")) && (error.contains("timed out") || error.contains("timeout"));
    }

    /** The attempts of each email delivery of the burst (one list per delivery, none for one not opened yet). */
    private List<List<Document>> emailAttempts(LeadBurst burst) {
        List<Document> deliveries = mongo.getCollection("deliveries").find(new Document("leadId", new Document("$in", burst.leadIds()))
                .append("channel", "EMAIL")).into(new ArrayList<>());
        List<List<Document>> attempts = new ArrayList<>();
        for (Document delivery : deliveries) {
            attempts.add(delivery.getList("history", Document.class, List.of()));
        }
        while (attempts.size() < burst.leads().size()) {
            attempts.add(List.of());
        }
        return attempts;
    }
}
