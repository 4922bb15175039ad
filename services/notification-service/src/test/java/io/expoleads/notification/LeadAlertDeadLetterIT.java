package io.expoleads.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.notification.alert.LeadAlerts;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Lead events are alerted a poll at a time; a record in the poll that cannot be alerted goes to
 * {@code expo.leads.v1.DLT} alone, with its reason, and the leads around it are alerted once each.
 */
class LeadAlertDeadLetterIT extends NotificationServiceIT {

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void records_that_cannot_be_alerted_go_to_the_dead_letter_topic_alone_and_the_leads_around_them_are_alerted() {
        String exhibitor = knownExhibitor("en", "poll@atlas.example");
        // Its stored routing cannot be read (a sales address that is null): its lead fails however often it is tried.
        String unreadable = UUID.randomUUID().toString();
        mongo.getCollection("exhibitors").insertOne(new Document("_id", unreadable).append("editionId", edition).append("revision", 1L)
                .append("status", "APPROVED").append("salesEmails", Arrays.asList("sales@unreadable.example", null)));
        List<String> good = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        String failing = UUID.randomUUID().toString();
        MessageListenerContainer container = listeners.getListenerContainer(LeadAlerts.LISTENER_ID);
        try (TopicReader deadLetters = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.deadLetter(Topics.LEADS))) {
            // Held back while they are written, so that one poll brings them together (one key: one partition, in order).
            container.pause();
            await().atMost(WAIT).until(container::isContainerPaused);
            publishLead(exhibitor, good.get(0), EventTypes.LEAD_CAPTURED, UUID.randomUUID());
            writer.send(Topics.LEADS, exhibitor, "{\"eventId\": \"not json at all");
            publishLead(exhibitor, good.get(1), EventTypes.LEAD_CAPTURED, UUID.randomUUID());
            LeadView stranger = lead(unreadable, failing, "Unread", 5, List.of(), Map.of(), Instant.now());
            writer.send(Topics.LEADS, exhibitor, json.writeValueAsString(EventEnvelope.of(UUID.randomUUID(), EventTypes.LEAD_CAPTURED,
                    Instant.now(), edition, failing, stranger)));
            publishLead(exhibitor, good.get(2), EventTypes.LEAD_CAPTURED, UUID.randomUUID());
            container.resume();

            ConsumerRecord<String, String> malformed = deadLetters.await(record -> alerts(record) && record.value().contains("not json at all"),
                    WAIT);
            assertThat(TopicReader.header(malformed, "expo_dlt-reason")).containsIgnoringCase("end-of-input");
            ConsumerRecord<String, String> unalerted = deadLetters.await(record -> alerts(record) && record.value().contains(failing), WAIT);
            assertThat(TopicReader.header(unalerted, "expo_dlt-reason")).isNotBlank();
            assertThat(TopicReader.header(unalerted, "kafka_dlt-original-topic")).isEqualTo(Topics.LEADS);

            good.forEach(lead -> awaitEmails(lead, 1));
            assertThat(deadLetters.all(record -> alerts(record) && exhibitor.equals(record.key()))).as("only the two records at fault")
                    .containsExactlyInAnyOrder(malformed, unalerted);
            good.forEach(lead -> assertThat(emailsAbout(lead)).hasSize(1));
            assertThat(mongo.getCollection("deliveries").countDocuments(new Document("leadId", failing))).isZero();
        } finally {
            container.resume();
            mongo.getCollection("exhibitors").deleteOne(new Document("_id", unreadable));
        }
    }

    /**
     * A record no group can read fails both groups of this service on {@code expo.leads.v1} (the
     * alerts and the lead book of digests): it is parked once, by the group whose id sorts first,
     * naming both, and the lead book skips it. Both groups are past it once both have taken the
     * lead written after it on the same partition; the dead letter was acknowledged before that.
     */
    @Test
    void a_record_no_group_can_read_is_dead_lettered_once_naming_both_groups() {
        String exhibitor = knownExhibitor("en", "once@atlas.example");
        String barrier = UUID.randomUUID().toString();
        try (TopicReader deadLetters = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.deadLetter(Topics.LEADS))) {
            writer.send(Topics.LEADS, exhibitor, "{\"eventId\": \"unreadable by every group");
            publishLead(exhibitor, barrier, EventTypes.LEAD_CAPTURED, UUID.randomUUID());
            awaitEmails(barrier, 1);
            await().atMost(WAIT).until(() -> mongo.getCollection("leads").countDocuments(new Document("_id", barrier)) == 1);

            List<ConsumerRecord<String, String>> parked = deadLetters.all(record -> exhibitor.equals(record.key()));
            assertThat(parked).as("one dead letter for one unreadable record").singleElement().satisfies(deadLetter -> {
                assertThat(deadLetter.value()).contains("unreadable by every group");
                assertThat(TopicReader.header(deadLetter, "expo_dlt-reason")).containsIgnoringCase("end-of-input");
                List<String> groups = List.of(TopicReader.header(deadLetter, "expo_dlt-groups").split(","));
                assertThat(groups).hasSize(2).anyMatch(group -> group.endsWith("-alerts")).anyMatch(group -> group.endsWith("-digest-leads"));
                assertThat(TopicReader.header(deadLetter, "kafka_dlt-original-consumer-group")).as("the group that published it")
                        .isEqualTo(groups.get(0)).endsWith("-alerts");
                assertThat(TopicReader.header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(Topics.LEADS);
            });
        }
    }

    /** Dead-lettered by the alerts' consumer group. */
    private static boolean alerts(ConsumerRecord<String, String> deadLetter) {
        String group = TopicReader.header(deadLetter, "kafka_dlt-original-consumer-group");
        return group != null && group.endsWith("-alerts");
    }
}
