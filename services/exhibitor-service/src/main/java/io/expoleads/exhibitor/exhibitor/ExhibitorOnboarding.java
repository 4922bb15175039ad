package io.expoleads.exhibitor.exhibitor;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.Topics;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.web.ApiException;
import org.springframework.stereotype.Service;

/**
 * The exhibitor lifecycle as the API drives it. Each change is saved with its
 * {@code expo.exhibitors.v1} event in the same document, then the relay is woken to publish it.
 */
@Service
public class ExhibitorOnboarding {

    private final ExhibitorStore store;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final Clock clock;

    ExhibitorOnboarding(ExhibitorStore store, EventWriter events, OutboxRelays relays) {
        this.store = store;
        this.events = events;
        this.relays = relays;
        this.clock = Clock.systemUTC();
    }

    public Exhibitor apply(String editionId, ExhibitorProfile profile) {
        Instant now = clock.instant();
        Exhibitor exhibitor = Exhibitor.apply(UUID.randomUUID().toString(), editionId, profile, now);
        exhibitor.enqueue(event(exhibitor, EventTypes.EXHIBITOR_APPLIED, now));
        store.insert(exhibitor);
        relays.wake();
        return exhibitor;
    }

    public Exhibitor find(String id) {
        return store.find(id).orElseThrow(() -> ApiException.notFound("Exhibitor", id));
    }

    public Exhibitor submit(String id, String actor) {
        return change(id, exhibitor -> exhibitor.submit(actor, clock.instant()));
    }

    public Exhibitor approve(String id, String actor) {
        return change(id, exhibitor -> exhibitor.approve(actor, clock.instant()));
    }

    public Exhibitor reject(String id, String actor, String reason) {
        return change(id, exhibitor -> exhibitor.reject(actor, reason, clock.instant()));
    }

    public Exhibitor withdraw(String id, String actor) {
        return change(id, exhibitor -> exhibitor.withdraw(actor, clock.instant()));
    }

    private Exhibitor change(String id, Function<Exhibitor, String> change) {
        Exhibitor exhibitor = find(id);
        long readRevision = exhibitor.revision();
        String eventType;
        try {
            eventType = change.apply(exhibitor);
        } catch (IllegalTransitionException e) {
            throw ApiException.conflict(e.getMessage());
        }
        if (!store.update(exhibitor, readRevision, event(exhibitor, eventType, clock.instant()))) {
            throw ApiException.conflict("The exhibitor was changed by someone else meanwhile; read it again and retry");
        }
        relays.wake();
        return exhibitor;
    }

    private OutboxEntry event(Exhibitor exhibitor, String type, Instant now) {
        ExhibitorView view = exhibitor.view();
        // One event per revision: the id says which, so a relay that publishes twice is recognised.
        UUID eventId = Contract.deterministicId(Topics.EXHIBITORS, exhibitor.id(), Long.toString(view.revision()));
        return events.entry(Topics.EXHIBITORS, exhibitor.id(),
                EventEnvelope.of(eventId, type, now, exhibitor.editionId(), exhibitor.id(), view));
    }
}
