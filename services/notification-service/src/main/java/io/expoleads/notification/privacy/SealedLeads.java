package io.expoleads.notification.privacy;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadView;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.platform.privacy.PrivacyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Opens the lead events this service reads (every lead event leaves lead-service with its personal
 * part sealed under the visitor's key), right after they are read. When the key is missing: the
 * visitor is erased if marked so, or if the event is older than {@code expo.privacy.key-wait}
 * (default 30 s; the key is published at registration, long before any scan), and the event is
 * skipped with no alert and no copy, only ids logged; a recent event waits for its key
 * ({@link VisitorKeyPending}).
 */
@Component
public class SealedLeads {

    private static final Logger log = LoggerFactory.getLogger(SealedLeads.class);

    private final PersonalSeal seal;
    private final ErasedVisitors erased;
    private final Duration keyWait;
    private final Clock clock;

    SealedLeads(PersonalSeal seal, ErasedVisitors erased, PrivacyProperties properties, Clock clock) {
        this.clock = clock;
        this.seal = seal;
        this.erased = erased;
        this.keyWait = properties.keyWait();
    }

    /**
     * The event with its lead in clear; a {@code LeadErased} event as it is (it holds nothing
     * personal); empty when the visitor is erased.
     *
     * @throws VisitorKeyPending when the key of a recent event has not arrived yet
     * @throws io.expoleads.platform.privacy.SealRefusedException when the sealed part does not open under the key
     */
    public Optional<EventEnvelope<LeadView>> open(EventEnvelope<LeadView> event) {
        LeadView lead = event.payload();
        if (EventTypes.LEAD_ERASED.equals(event.type())) {
            return Optional.of(event);
        }
        Optional<LeadView> opened = seal.open(lead);
        if (opened.isPresent()) {
            return Optional.of(new EventEnvelope<>(event.eventId(), event.type(), event.version(), event.occurredAt(), event.editionId(),
                    event.aggregateId(), opened.get()));
        }
        String attendeeId = lead.attendee().attendeeId();
        if (erased.isErased(attendeeId)) {
            log.info("Lead event {} of lead {} skipped: visitor {} was erased", event.eventId(), lead.leadId(), attendeeId);
            return Optional.empty();
        }
        if (event.occurredAt().isAfter(clock.instant().minus(keyWait))) {
            throw new VisitorKeyPending(lead.leadId(), attendeeId);
        }
        log.info("Lead event {} of lead {} skipped: the key of visitor {} is gone or never came (event older than {})",
                event.eventId(), lead.leadId(), attendeeId, keyWait);
        return Optional.empty();
    }
}
