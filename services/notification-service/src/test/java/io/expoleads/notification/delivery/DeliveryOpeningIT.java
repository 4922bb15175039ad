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
 * delivery alone.
 */
class DeliveryOpeningIT extends NotificationServiceIT {

    @Autowired
    Deliveries log;

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

    private boolean finished(DeliveryRequest request) {
        return log.find(request.id()).map(delivery -> delivery.status().isFinal()).orElse(false);
    }

    private long queued(DeliveryRequest request) {
        return mongo.getCollection(DeliveryQueue.COLLECTION).countDocuments(new Document("_id", request.id()));
    }
}
