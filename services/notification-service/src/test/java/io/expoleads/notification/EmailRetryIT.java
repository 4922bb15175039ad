package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.expoleads.events.EventTypes;
import io.expoleads.testsupport.HttpJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import tools.jackson.databind.JsonNode;

/**
 * Email deliveries against an SMTP server that refuses as a test tells it: a 4xx reply is
 * transient and retried until the server accepts, a 5xx reply is permanent (recorded, not retried,
 * and the exhibitor's admin is told).
 */
class EmailRetryIT extends NotificationServiceIT {

    @Autowired
    JavaMailSenderImpl mail;

    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger busyRepliesLeft = new AtomicInteger();
    private SMTPServer refusing;
    private int greenMailPort;

    @BeforeEach
    void startRefusingServer() {
        refusing = SMTPServer.port(0).hostName("refusing.test").messageHandlerFactory(context -> new MessageHandler() {
            @Override
            public void from(String from) {
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                if (recipient.startsWith("nobody@")) {
                    throw new RejectException(550, "5.1.1 <" + recipient + ">: no such mailbox");
                }
                if (recipient.startsWith("busy@") && busyRepliesLeft.getAndDecrement() > 0) {
                    throw new RejectException(451, "4.3.0 Mailbox busy, try again later");
                }
            }

            @Override
            public String data(InputStream data) throws IOException {
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                data.transferTo(copy);
                accepted.add(copy.toString(StandardCharsets.UTF_8));
                return null;
            }

            @Override
            public void done() {
            }
        }).build();
        refusing.start();
        greenMailPort = mail.getPort();
        mail.setPort(refusing.getPortAllocated());
    }

    @AfterEach
    void restoreMailServer() {
        mail.setPort(greenMailPort);
        refusing.stop();
    }

    @Test
    void a_busy_mailbox_is_retried_with_back_off_until_the_server_accepts() {
        busyRepliesLeft.set(2);
        String exhibitor = knownExhibitor("en", "busy@atlas.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        // The back-off is counted on the service's clock, which the test moves to each retry.
        await().atMost(WAIT).until(() -> deliveryOf(exhibitor, leadId) != null);
        String id = deliveryOf(exhibitor, leadId).get("id").asString();
        awaitRetries(id, Duration.ZERO, () -> "SUCCEEDED".equals(deliveryOf(exhibitor, leadId).get("status").asString()));
        JsonNode delivery = deliveryOf(exhibitor, leadId);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        JsonNode history = delivery.get("history");
        assertThat(history.get(0).get("outcome").asString()).isEqualTo("FAILED");
        assertThat(history.get(0).get("code").asInt()).isEqualTo(451);
        assertThat(history.get(0).get("error").asString()).contains("Mailbox busy");
        assertThat(history.get(0).get("target").asString()).startsWith("smtp://");
        assertThat(history.get(1).get("code").asInt()).isEqualTo(451);
        assertThat(history.get(2).get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(history.get(2).get("code").asInt()).isEqualTo(250);
        assertThat(history.get(2).get("reply").asString()).startsWith("250");
        assertThat(history.get(2).get("latencyMillis").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(accepted).filteredOn(message -> message.contains(leadId)).hasSize(1);

        deliveries.await(record -> record.value().contains(leadId) && record.value().contains("DeliverySucceeded"), WAIT);
        assertThat(deliveries.all(record -> record.value().contains(leadId)))
                .extracting(record -> json.readTree(record.value()).get("type").asString())
                .containsExactly("DeliveryFailed", "DeliveryFailed", "DeliverySucceeded");
    }

    @Test
    void a_refused_mailbox_is_recorded_once_not_retried_and_the_admin_is_told() {
        String exhibitor = knownExhibitor("fr", "nobody@atlas.example");
        String leadId = UUID.randomUUID().toString();
        publishLead(exhibitor, leadId, EventTypes.LEAD_CAPTURED, UUID.randomUUID());

        JsonNode delivery = awaitDelivery(exhibitor, leadId, "DEAD");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("history").get(0).get("outcome").asString()).isEqualTo("REJECTED");
        assertThat(delivery.get("history").get(0).get("code").asInt()).isEqualTo(550);
        assertThat(delivery.get("detail").asString()).contains("no such mailbox");

        await().atMost(WAIT).until(() -> accepted.stream().anyMatch(message -> message.contains("admin@atlas-mobility.ma")
                && message.contains(delivery.get("id").asString())));
        String notice = accepted.stream().filter(message -> message.contains(delivery.get("id").asString())).findFirst().orElseThrow();
        assertThat(notice).contains("Subject: =?UTF-8?").contains("nobody@atlas.example");
        assertThat(admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/deliveries?kind=NOTICE").json().get("items"))
                .singleElement().satisfies(item -> {
                    assertThat(item.get("status").asString()).isEqualTo("SUCCEEDED");
                    assertThat(item.get("destination").asString()).isEqualTo("admin@atlas-mobility.ma");
                });
        // Later attempts would have been recorded: none is, with the service's clock past the whole retry window.
        clock.moveForward(Duration.ofHours(26));
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> deliveryOf(exhibitor, leadId).get("attempts").asInt() == 1);
    }

    private JsonNode awaitDelivery(String exhibitor, String leadId, String status) {
        await().atMost(WAIT).until(() -> {
            JsonNode delivery = deliveryOf(exhibitor, leadId);
            return delivery != null && status.equals(delivery.get("status").asString());
        });
        return deliveryOf(exhibitor, leadId);
    }

    private JsonNode deliveryOf(String exhibitor, String leadId) {
        HttpJson.Answer answer = admin(exhibitor).get("/api/exhibitors/" + exhibitor + "/deliveries?kind=ALERT&leadId=" + leadId);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode items = answer.json().get("items");
        return items.isEmpty() ? null : items.get(0);
    }
}
