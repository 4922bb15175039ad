package io.expoleads.lead.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.expoleads.events.Topics;
import io.expoleads.lead.LeadServiceIT;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.testsupport.ConsumerGroupRewind;
import io.expoleads.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Processing stops between the MongoDB write and the event publish, and starts again: every
 * acknowledged scan is in exactly one lead, each lead has exactly one {@code LeadCaptured}, and
 * replaying {@code expo.scans.v1} from its very beginning changes nothing.
 */
class LeadCrashIT extends LeadServiceIT {

    private static final int VISITORS = 12;

    @Autowired
    LeadStore leads;
    @Autowired
    OutboxRelays relays;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Value("${expo.kafka.consumer-group}")
    String consumerGroup;

    @Test
    void a_stop_between_write_and_publish_loses_nothing_and_a_full_replay_changes_nothing() throws Exception {
        String exhibitor = approvedExhibitor();
        List<String> leadIds = new ArrayList<>();
        List<String> badges = new ArrayList<>();
        for (int i = 0; i < VISITORS; i++) {
            String attendee = importAttendee("C-" + i, "Visitor " + i, true);
            badges.add(badgeOf(attendee));
            leadIds.add(Lead.idOf(exhibitor, attendee));
        }

        relays.stop();
        try {
            for (int i = 0; i < VISITORS; i++) {
                assertThat(scan(exhibitor, "amine", UUID.randomUUID().toString(), badges.get(i)).status()).isEqualTo(202);
                if (i % 3 == 0) {
                    // Once the first scan made the lead: two scans read in one poll make one LeadCaptured, not two events.
                    String leadId = leadIds.get(i);
                    await().atMost(WAIT).until(() -> leads.find(leadId).isPresent());
                    assertThat(scan(exhibitor, "salma", UUID.randomUUID().toString(), badges.get(i)).status()).isEqualTo(202);
                }
            }
            await().atMost(WAIT).until(() -> leadIds.stream().allMatch(id -> leads.find(id)
                    .map(lead -> lead.scanCount() == (leadIds.indexOf(id) % 3 == 0 ? 2 : 1)).orElse(false)));
            for (String id : leadIds) {
                Document stored = mongo.findById(id, Document.class, LeadStore.COLLECTION);
                assertThat(stored.getList("outbox", Document.class)).as("written, not yet published").isNotEmpty();
            }
            try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.LEADS)) {
                assertThat(topic.all(record -> exhibitor.equals(record.key()))).as("nothing published yet").isEmpty();
            }
        } finally {
            relays.start();
        }

        Map<String, Long> revisions = new HashMap<>();
        try (TopicReader topic = new TopicReader(infrastructure.kafkaBootstrapServers(), Topics.LEADS)) {
            await().atMost(WAIT).until(() -> leadIds.stream().allMatch(id ->
                    mongo.findById(id, Document.class, LeadStore.COLLECTION).getList("outbox", Document.class).isEmpty()));
            List<ConsumerRecord<String, String>> published = topic.all(record -> exhibitor.equals(record.key()));
            Map<String, List<String>> typesByLead = published.stream().collect(Collectors.groupingBy(
                    record -> json.readTree(record.value()).get("aggregateId").asString(),
                    Collectors.mapping(record -> json.readTree(record.value()).get("type").asString(), Collectors.toList())));
            assertThat(typesByLead.keySet()).containsExactlyInAnyOrderElementsOf(leadIds);
            for (int i = 0; i < VISITORS; i++) {
                assertThat(typesByLead.get(leadIds.get(i))).as("lead " + i)
                        .containsExactlyElementsOf(i % 3 == 0 ? List.of("LeadCaptured", "LeadUpdated") : List.of("LeadCaptured"));
            }
            leadIds.forEach(id -> revisions.put(id, leads.find(id).orElseThrow().revision()));

            replayScansFromTheBeginning();

            for (String id : leadIds) {
                Lead lead = leads.find(id).orElseThrow();
                assertThat(lead.revision()).as("unchanged by the replay").isEqualTo(revisions.get(id));
                assertThat(lead.scans()).extracting(ScanRecord::scanId).doesNotHaveDuplicates();
            }
            assertThat(mongo.getCollection(LeadStore.COLLECTION).countDocuments(new Document("exhibitorId", exhibitor)))
                    .isEqualTo(VISITORS);
            assertThat(topic.all(record -> exhibitor.equals(record.key()))).as("no event from the replay").hasSameSizeAs(published);
        }
    }

    /** Rewinds lead capture's consumer group on expo.scans.v1 to offset zero and waits until it caught up again. */
    private void replayScansFromTheBeginning() throws Exception {
        ConsumerGroupRewind.replayFromTheBeginning(infrastructure.kafkaBootstrapServers(), consumerGroup + "-leads", Topics.SCANS,
                listeners.getListenerContainer(LeadCapture.LISTENER_ID), WAIT);
    }
}
