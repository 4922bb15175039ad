package io.expoleads.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.UUID;

import io.expoleads.notification.NotificationServiceIT;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Deliveries opened many at once, as a poll of lead events opens them: each exists once, the first
 * request of an id is the one kept, and asking again opens nothing new and leaves a finished
 * delivery alone; and the queue a store of an earlier version kept apart is taken over.
 */
class DeliveryOpeningIT extends NotificationServiceIT {

    @Autowired
    Deliveries log;
    @Autowired
    DeliveryQueue queue;
    @Autowired
    DeliveryDispatcher dispatcher;

    @Test
    void deliveries_opened_together_exist_once_and_asking_again_opens_nothing_new() {
        // An exhibitor this service does not know: its alerts are cancelled at their first attempt.
        String exhibitor = UUID.randomUUID().toString();
        String lead = UUID.randomUUID().toString();
        DeliveryRequest first = DeliveryRequest.alertEmail(lead, "att-" + lead, "sales@atlas.example", exhibitor, edition, "event-1", "{}");
        DeliveryRequest sameAddress = DeliveryRequest.alertEmail(lead, "att-" + lead, " Sales@Atlas.example", exhibitor, edition, "event-2", "{}");
        DeliveryRequest other = DeliveryRequest.alertEmail(lead, "att-" + lead, "ceo@atlas.example", exhibitor, edition, "event-2", "{}");
        assertThat(sameAddress.id()).isEqualTo(first.id());

        log.openAll(List.of(first, sameAddress, other));
        assertThat(log.find(first.id())).get().extracting(Delivery::eventId).isEqualTo("event-1");
        await().atMost(WAIT).until(() -> finished(first) && finished(other));

        DeliveryRequest later = DeliveryRequest.alertEmail(lead, "att-" + lead, "cto@atlas.example", exhibitor, edition, "event-3", "{}");
        log.openAll(List.of(sameAddress, other, later));
        Delivery kept = log.find(first.id()).orElseThrow();
        assertThat(kept.eventId()).isEqualTo("event-1");
        assertThat(kept.status()).isEqualTo(Delivery.Status.CANCELLED);
        assertThat(kept.attempts()).isEqualTo(1);
        assertThat(queued(first)).as("a finished delivery is not queued again").isZero();
        assertThat(queued(other)).isZero();
        await().atMost(WAIT).until(() -> finished(later));
        assertThat(mongo.getCollection("deliveries").countDocuments(new Document("leadId", lead))).isEqualTo(3);
    }

    @Test
    void a_queue_kept_by_an_earlier_version_is_adopted_at_start() {
        // As an earlier version left them: the unfinished delivery due in its own document without a
        // lane, its entry in delivery_queue; a finished one with neither.
        String exhibitor = UUID.randomUUID().toString();
        String lead = UUID.randomUUID().toString();
        java.util.Date due = java.util.Date.from(clock.instant().minusSeconds(1));
        Document retrying = new Document("_id", "earlier-" + lead).append("kind", "ALERT").append("channel", "EMAIL")
                .append("target", "sales@atlas.example").append("destination", "sales@atlas.example").append("exhibitorId", exhibitor)
                .append("editionId", edition).append("leadId", lead).append("eventId", "event-1").append("content", "{}")
                .append("createdAt", due).append("status", "RETRYING").append("attempts", 1).append("roundAttempts", 1)
                .append("replays", 0).append("nextAttemptAt", due);
        Document ended = new Document(retrying).append("_id", "ended-" + lead).append("status", "SUCCEEDED");
        ended.remove("nextAttemptAt");
        mongo.getCollection(Deliveries.COLLECTION).insertMany(List.of(retrying, ended));
        mongo.getCollection(DeliveryQueue.EARLIER_COLLECTION).insertOne(new Document("_id", retrying.get("_id"))
                .append("lane", "email:" + exhibitor).append("dueAt", due));

        queue.adoptEarlierQueue();

        assertThat(mongo.collectionExists(DeliveryQueue.EARLIER_COLLECTION)).as("the earlier queue is gone").isFalse();
        assertThat(mongo.getCollection(Deliveries.COLLECTION).find(new Document("_id", ended.get("_id"))).first())
                .as("a finished delivery is not queued").doesNotContainKeys(DeliveryQueue.LANE, DeliveryQueue.DUE);
        dispatcher.wake();
        // Attempted from the delivery log's queue: cancelled, as the exhibitor is unknown here.
        await().atMost(WAIT).until(() -> log.find("earlier-" + lead).map(delivery -> delivery.status().isFinal()).orElse(false));
        Delivery attempted = log.find("earlier-" + lead).orElseThrow();
        assertThat(attempted.status()).isEqualTo(Delivery.Status.CANCELLED);
        assertThat(attempted.attempts()).isEqualTo(2);
        assertThat(mongo.getCollection(Deliveries.COLLECTION).find(new Document("_id", "earlier-" + lead)).first())
                .as("out of the queue").doesNotContainKeys(DeliveryQueue.LANE, DeliveryQueue.DUE, DeliveryQueue.LEASE);
    }

    private boolean finished(DeliveryRequest request) {
        return log.find(request.id()).map(delivery -> delivery.status().isFinal()).orElse(false);
    }

    private long queued(DeliveryRequest request) {
        return mongo.getCollection(Deliveries.COLLECTION).countDocuments(new Document("_id", request.id())
                .append(DeliveryQueue.DUE, new Document("$exists", true)));
    }
}
