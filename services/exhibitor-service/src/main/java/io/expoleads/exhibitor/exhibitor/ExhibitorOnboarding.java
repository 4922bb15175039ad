package io.expoleads.exhibitor.exhibitor;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.Topics;
import io.expoleads.exhibitor.identity.Account;
import io.expoleads.exhibitor.identity.Accounts;
import io.expoleads.exhibitor.identity.Role;
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
    private final Accounts accounts;
    private final Clock clock;

    ExhibitorOnboarding(ExhibitorStore store, Accounts accounts, EventWriter events, OutboxRelays relays) {
        this.store = store;
        this.accounts = accounts;
        this.events = events;
        this.relays = relays;
        this.clock = Clock.systemUTC();
    }

    /**
     * A new application, with the account of its admin (the contact person). An address that
     * already has an account is refused, unless a former attempt created the account but not the
     * application: then the same password finishes that attempt.
     */
    public Exhibitor apply(String editionId, ExhibitorProfile profile, String adminPassword) {
        Instant now = clock.instant();
        String exhibitorId = UUID.randomUUID().toString();
        Optional<Account> existing = accounts.find(profile.contactEmail());
        if (existing.isPresent()) {
            Account account = existing.get();
            boolean unfinished = account.exhibitorId() != null && store.find(account.exhibitorId()).isEmpty()
                    && accounts.passwordMatches(account, adminPassword);
            if (!unfinished) {
                throw ApiException.conflict("An account already exists for " + profile.contactEmail());
            }
            exhibitorId = account.exhibitorId();
        } else if (!accounts.create(profile.contactEmail(), adminPassword, Set.of(Role.EXHIBITOR_ADMIN), exhibitorId)) {
            throw ApiException.conflict("An account already exists for " + profile.contactEmail());
        }
        Exhibitor exhibitor = Exhibitor.apply(exhibitorId, editionId, profile, now);
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
