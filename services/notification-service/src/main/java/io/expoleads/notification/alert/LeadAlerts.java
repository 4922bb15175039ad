package io.expoleads.notification.alert;

import java.util.ArrayList;
import java.util.List;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.LeadView;
import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.UnreadableRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Alerts the exhibitor's sales team of its leads, by email to each sales address and by a call of
 * each active webhook, as the exhibitor chose ({@link AlertRules}); each lead once per destination,
 * whatever events follow or are redelivered. The listener takes what one poll brought at once (an
 * offline phone's queue uploaded is a thousand lead events) and only opens deliveries
 * ({@link Alerts}); the dispatcher makes the attempts, so nothing waits in the Kafka listener. A
 * record that is not a lead event stops the batch there: the records before it are alerted, it
 * goes to the dead-letter topic, the rest follow. A batch failing for another reason than the store
 * being away is alerted event by event, so only the event at fault is retried and dead-lettered.
 */
@Component
public class LeadAlerts {

    /** The listener container that consumes {@code expo.leads.v1}, for operations that pause or replay it. */
    public static final String LISTENER_ID = "lead-alerts";
    private static final Logger log = LoggerFactory.getLogger(LeadAlerts.class);

    private final Alerts alerts;

    LeadAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    @KafkaListener(id = LISTENER_ID, topics = Topics.LEADS, batch = "true",
            groupId = "${expo.kafka.consumer-group:${spring.application.name}}-alerts")
    void on(List<ConsumerRecord<String, EventEnvelope<LeadView>>> records) {
        List<EventEnvelope<LeadView>> events = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, EventEnvelope<LeadView>> record = records.get(index);
            if (record.value() == null) {
                alertOrLocate(events);
                throw new BatchListenerFailedException("not a readable lead event", UnreadableRecords.cause(record, "a lead event"), index);
            }
            events.add(record.value());
        }
        alertOrLocate(events);
    }

    /**
     * Alerts the events together; when that fails for another reason than the store being away,
     * alerts them one by one, so the record at fault is named (and dead-lettered after its retries)
     * and the others are not. A store that is away fails the whole poll, retried until it answers.
     */
    private void alertOrLocate(List<EventEnvelope<LeadView>> events) {
        try {
            alerts.alert(events);
        } catch (DataAccessResourceFailureException | TransientDataAccessException storeAway) {
            throw new BatchListenerFailedException("the store is unavailable", storeAway, 0);
        } catch (RuntimeException unexpected) {
            log.warn("{} lead events could not be alerted together, so one by one: {}", events.size(), unexpected.toString());
            for (int index = 0; index < events.size(); index++) {
                try {
                    alerts.alert(List.of(events.get(index)));
                } catch (RuntimeException atFault) {
                    throw new BatchListenerFailedException("lead event " + events.get(index).eventId() + " could not be alerted",
                            atFault, index);
                }
            }
        }
    }
}
