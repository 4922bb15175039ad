package io.expoleads.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.events.WebhookEndpoints;
import io.expoleads.notification.NotificationServiceIT;
import io.expoleads.notification.alert.LeadAlerts;
import io.expoleads.testsupport.ConsumerGroupRewind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Exactly-once effect: every lead event of {@code expo.leads.v1} read again from the first record
 * (and some delivered twice to begin with) gives one email per sales address and one webhook call
 * per endpoint, no more.
 */
class LeadReplayIT extends NotificationServiceIT {

    private static final int LEADS = 5;

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Value("${expo.kafka.consumer-group}")
    String consumerGroup;

    @Test
    void replaying_the_lead_topic_from_the_beginning_sends_nothing_twice() throws Exception {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        try (WebhookReceiver crm = new WebhookReceiver(secret); WebhookReceiver sheet = new WebhookReceiver(secret)) {
            String exhibitor = knownExhibitor("en", "sales@atlas.example", "ceo@atlas.example");
            List<WebhookEndpoints.Secret> secrets = List.of(new WebhookEndpoints.Secret(secret, null));
            publishWebhooks(exhibitor, 1, List.of(new WebhookEndpoints.Endpoint("crm", crm.url("/crm"), secrets),
                    new WebhookEndpoints.Endpoint("sheet", sheet.url("/sheet"), secrets)));
            await().atMost(WAIT).until(() -> webhooks.active(exhibitor).size() == 2);

            List<String> leads = new ArrayList<>();
            for (int i = 0; i < LEADS; i++) {
                String leadId = UUID.randomUUID().toString();
                leads.add(leadId);
                UUID eventId = UUID.randomUUID();
                LeadView lead = lead(exhibitor, leadId, "Visitor" + i, 3, List.of(), Map.of(), Instant.now());
                publishLead(lead, EventTypes.LEAD_CAPTURED, eventId);
                publishLead(lead, EventTypes.LEAD_CAPTURED, eventId);
                publishLead(lead, EventTypes.LEAD_UPDATED, UUID.randomUUID());
            }
            awaitEverythingOnce(leads, crm, sheet);

            ConsumerGroupRewind.replayFromTheBeginning(infrastructure.kafkaBootstrapServers(), consumerGroup + "-alerts",
                    Topics.LEADS, listeners.getListenerContainer(LeadAlerts.LISTENER_ID), WAIT);
            // A lead published after the replay is alerted: the replay before it has been processed.
            String marker = UUID.randomUUID().toString();
            publishLead(exhibitor, marker, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
            awaitEverythingOnce(List.of(marker), crm, sheet);

            awaitEverythingOnce(leads, crm, sheet);
            assertThat(crm.received()).hasSize(LEADS + 1);
            assertThat(sheet.received()).hasSize(LEADS + 1);
            assertThat(crm.received()).allMatch(call -> call.problem() == null);
            System.out.printf("Replay of %s from offset 0: %d leads, %d emails, %d + %d webhook calls%n", Topics.LEADS,
                    LEADS + 1, leads.stream().mapToInt(lead -> emailsAbout(lead).size()).sum() + emailsAbout(marker).size(),
                    crm.received().size(), sheet.received().size());
        }
    }

    private void awaitEverythingOnce(List<String> leads, WebhookReceiver crm, WebhookReceiver sheet) {
        await().atMost(WAIT).until(() -> leads.stream().allMatch(lead -> emailsAbout(lead).size() >= 2
                && calls(crm, lead) >= 1 && calls(sheet, lead) >= 1));
        for (String lead : leads) {
            assertThat(emailsAbout(lead)).extracting(NotificationServiceIT::recipient)
                    .containsExactlyInAnyOrder("sales@atlas.example", "ceo@atlas.example");
            assertThat(calls(crm, lead)).isEqualTo(1);
            assertThat(calls(sheet, lead)).isEqualTo(1);
        }
    }

    private static long calls(WebhookReceiver receiver, String leadId) {
        return receiver.received().stream().filter(call -> new String(call.body()).contains(leadId)).count();
    }
}
