package io.expoleads.exhibitor.exhibitor;

import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ExhibitorView;
import io.expoleads.events.NotificationSettings;
import io.expoleads.events.QualificationForm;
import io.expoleads.events.Topics;
import io.expoleads.exhibitor.identity.Account;
import io.expoleads.exhibitor.identity.Accounts;
import io.expoleads.exhibitor.identity.Role;
import io.expoleads.platform.outbox.EventWriter;
import io.expoleads.platform.outbox.OutboxEntry;
import io.expoleads.platform.outbox.OutboxRelays;
import io.expoleads.platform.web.ApiException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The exhibitor lifecycle as the API drives it. Each change is saved with its
 * {@code expo.exhibitors.v1} event in the same document, then the relay is woken to publish it.
 */
@Service
public class ExhibitorOnboarding {

    private static final int MAX_ATTEMPTS = 5;

    private final ExhibitorStore store;
    private final EventWriter events;
    private final OutboxRelays relays;
    private final Accounts accounts;
    private final ApplicationEventPublisher publisher;
    private final ApplicantMail applicantMail;
    private final Clock clock;

    ExhibitorOnboarding(ExhibitorStore store, Accounts accounts, EventWriter events, OutboxRelays relays,
                        ApplicationEventPublisher publisher, ApplicantMail applicantMail, Clock clock) {
        this.applicantMail = applicantMail;
        this.store = store;
        this.accounts = accounts;
        this.publisher = publisher;
        this.events = events;
        this.relays = relays;
        this.clock = clock;
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
        store.insert(exhibitor, List.of(event(exhibitor, EventTypes.EXHIBITOR_APPLIED, now)));
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
        Exhibitor withdrawn = change(id, exhibitor -> exhibitor.withdraw(actor, clock.instant()));
        publisher.publishEvent(new ExhibitorWithdrawn(withdrawn.id(), withdrawn.editionId()));
        return withdrawn;
    }

    public Exhibitor changeProfile(String id, String actor, java.util.function.UnaryOperator<ExhibitorProfile> changes) {
        return change(id, exhibitor -> exhibitor.changeProfile(actor, changes.apply(exhibitor.profile()), clock.instant()));
    }

    public Exhibitor defineForm(String id, String actor, List<QualificationForm.Question> questions) {
        return change(id, exhibitor -> exhibitor.defineForm(actor, questions, clock.instant()));
    }

    public Exhibitor changeSettings(String id, String actor, NotificationSettings settings) {
        return change(id, exhibitor -> exhibitor.changeSettings(actor, settings, clock.instant()));
    }

    public Exhibitor addDevice(String id, String actor, BoothDevice device) {
        return change(id, exhibitor -> exhibitor.addDevice(actor, device, clock.instant()));
    }

    public Exhibitor activateDevice(String id, String deviceId) {
        return change(id, exhibitor -> exhibitor.activateDevice(deviceId, clock.instant()));
    }

    public Exhibitor revokeDevice(String id, String actor, String deviceId) {
        return change(id, exhibitor -> exhibitor.revokeDevice(actor, deviceId, clock.instant()));
    }

    /** Records the booth the inventory gave the exhibitor. */
    public Exhibitor assignBooth(String id, String actor, String boothCode) {
        Exhibitor current = find(id);
        if (boothCode.equals(current.boothCode())) {
            return current;
        }
        return change(id, exhibitor -> exhibitor.assignBooth(actor, boothCode, clock.instant()));
    }

    /** The organizer sets how many staff may scan for the exhibitor. */
    public Exhibitor assignSeats(String id, String actor, int seats) {
        return change(id, exhibitor -> exhibitor.assignSeats(actor, seats, clock.instant()));
    }

    /** A staff member takes a seat; adding the same member again changes nothing. */
    public Exhibitor addStaff(String id, String actor, StaffMember member) {
        Exhibitor current = find(id);
        if (current.team().member(member.staffId()).isPresent()) {
            return current;
        }
        return change(id, exhibitor -> exhibitor.addStaff(actor, member, clock.instant()));
    }

    public Exhibitor revokeStaff(String id, String actor, String staffId) {
        return change(id, exhibitor -> exhibitor.revokeStaff(actor, staffId, clock.instant()));
    }

    /**
     * Applies a change to the exhibitor as it is now, with its event, in one guarded write. A
     * concurrent change makes the write miss: the change is then tried again on the newer state.
     */
    private Exhibitor change(String id, Function<Exhibitor, String> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Exhibitor exhibitor = find(id);
            long readRevision = exhibitor.revision();
            String eventType;
            try {
                eventType = change.apply(exhibitor);
            } catch (NoSeatLeftException e) {
                throw ApiException.conflict(e.getMessage()).withProperty("reason", "NO_SEAT_LEFT");
            } catch (IllegalTransitionException e) {
                // The apps name the state and the step in their user's language.
                throw ApiException.conflict(e.getMessage()).withProperty("reason", "ILLEGAL_TRANSITION")
                        .withProperty("state", e.from().name()).withProperty("action", e.action());
            } catch (IllegalArgumentException e) {
                throw ApiException.conflict(e.getMessage());
            } catch (NoSuchElementException e) {
                throw new ApiException(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
            }
            if (eventType == null) {
                return exhibitor;
            }
            List<OutboxEntry> events = new ArrayList<>();
            if (EventTypes.WEBHOOKS_CHANGED.equals(eventType)) {
                events.add(event(exhibitor, EventTypes.EXHIBITOR_UPDATED, clock.instant()));
                events.add(webhooksEvent(exhibitor, clock.instant()));
            } else {
                events.add(event(exhibitor, eventType, clock.instant()));
            }
            if (store.update(exhibitor, readRevision, events)) {
                relays.wake();
                if (!exhibitor.newEmails().isEmpty()) {
                    applicantMail.wake();
                }
                return exhibitor;
            }
        }
        throw ApiException.conflict("The exhibitor is being changed by others right now; try again");
    }

    private OutboxEntry webhooksEvent(Exhibitor exhibitor, Instant now) {
        UUID eventId = Contract.deterministicId(Topics.WEBHOOKS, exhibitor.id(), Long.toString(exhibitor.revision()));
        return events.entry(Topics.WEBHOOKS, exhibitor.id(), EventEnvelope.of(eventId, EventTypes.WEBHOOKS_CHANGED, now,
                exhibitor.editionId(), exhibitor.id(), exhibitor.webhookEndpoints()));
    }

    public Exhibitor addWebhook(String id, String actor, Webhook webhook) {
        return change(id, exhibitor -> exhibitor.addWebhook(actor, webhook, clock.instant()));
    }

    public Exhibitor rotateWebhookSecret(String id, String actor, String webhookId, String newSecret, Duration overlap) {
        return change(id, exhibitor -> exhibitor.rotateWebhookSecret(actor, webhookId, newSecret,
                clock.instant().plus(overlap), clock.instant()));
    }

    public Exhibitor removeWebhook(String id, String actor, String webhookId) {
        return change(id, exhibitor -> exhibitor.removeWebhook(actor, webhookId, clock.instant()));
    }

    private OutboxEntry event(Exhibitor exhibitor, String type, Instant now) {
        ExhibitorView view = exhibitor.view();
        // One event per revision: the id says which, so a relay that publishes twice is recognised.
        UUID eventId = Contract.deterministicId(Topics.EXHIBITORS, exhibitor.id(), Long.toString(view.revision()));
        return events.entry(Topics.EXHIBITORS, exhibitor.id(),
                EventEnvelope.of(eventId, type, now, exhibitor.editionId(), exhibitor.id(), view));
    }
}
