package io.expoleads.exhibitor.staff;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import io.expoleads.events.Contract;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.exhibitor.StaffMember;
import io.expoleads.exhibitor.identity.Account;
import io.expoleads.exhibitor.identity.Accounts;
import io.expoleads.exhibitor.identity.Role;
import io.expoleads.exhibitor.identity.Secrets;
import io.expoleads.platform.web.ApiException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.mail.MailException;
import org.springframework.stereotype.Service;

/**
 * Booth staff, from invitation to revocation. Accepting an invitation is safe to repeat after a
 * failure part-way: the staff member's id comes from the invitation, so each step finds what a
 * former attempt did; only the last step, marking the invitation used, can happen once.
 */
@Service
public class StaffInvitations {

    static final String COLLECTION = "invitations";
    private static final int TOKEN_BYTES = 32;

    private final MongoTemplate mongo;
    private final ExhibitorOnboarding exhibitors;
    private final Accounts accounts;
    private final InvitationEmails emails;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    StaffInvitations(MongoTemplate mongo, ExhibitorOnboarding exhibitors, Accounts accounts, InvitationEmails emails,
                     StaffProperties properties, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.exhibitors = exhibitors;
        this.accounts = accounts;
        this.emails = emails;
        this.lifetime = properties.invitationLifetime();
    }

    /** Creates the invitation and emails its single-use link. */
    Invitation invite(String exhibitorId, String email, String name, String invitedBy) {
        Exhibitor exhibitor = exhibitors.find(exhibitorId);
        if (exhibitor.status() != ExhibitorStatus.APPROVED) {
            throw ApiException.conflict("Staff can be invited once the exhibitor is approved; it is " + exhibitor.status())
                    .withProperty("reason", "NOT_APPROVED");
        }
        String normalized = Accounts.normalize(email);
        if (accounts.find(normalized).isPresent()) {
            throw ApiException.conflict(normalized + " already has an account").withProperty("reason", "ACCOUNT_EXISTS");
        }
        Instant checkedAt = clock.instant();
        boolean pending = mongo.exists(Query.query(Criteria.where("exhibitorId").is(exhibitorId).and("email").is(normalized)
                .and("acceptedAt").is(null).and("expiresAt").gt(checkedAt)), COLLECTION);
        if (pending) {
            throw ApiException.conflict(normalized + " is already invited and has not answered yet")
                    .withProperty("reason", "ALREADY_INVITED");
        }
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Invitation invitation = new Invitation(hash(token), exhibitorId, normalized, name, exhibitor.profile().language(),
                invitedBy, now, now.plus(lifetime), null);
        mongo.insert(invitation, COLLECTION);
        try {
            emails.send(invitation, exhibitor.profile().companyName(), token);
        } catch (MailException e) {
            mongo.remove(Query.query(Criteria.where("_id").is(invitation.id())), COLLECTION);
            throw ApiException.unavailable("The invitation email could not be sent; nothing was kept, try again");
        }
        return invitation;
    }

    /** What an invitation's link opens on: who is invited, by which exhibitor, and whether it can still be used. */
    Preview preview(String token) {
        Invitation invitation = mongo.findById(hash(token), Invitation.class, COLLECTION);
        if (invitation == null) {
            throw ApiException.notFound("Invitation", "given");
        }
        Exhibitor exhibitor = exhibitors.find(invitation.exhibitorId());
        Preview.State state = invitation.accepted() ? Preview.State.ACCEPTED
                : invitation.expired(clock.instant()) ? Preview.State.EXPIRED : Preview.State.OPEN;
        return new Preview(invitation.email(), invitation.name(), exhibitor.profile().companyName(), exhibitor.boothCode(),
                invitation.language(), invitation.expiresAt(), state);
    }

    /** An invitation as its invitee sees it before accepting. */
    record Preview(String email, String name, String companyName, String boothCode, String language, Instant expiresAt,
                   State state) {

        enum State { OPEN, ACCEPTED, EXPIRED }
    }

    /** The invited person chooses a password; they become a staff member holding a seat. */
    Account accept(String token, String password) {
        Invitation invitation = mongo.findById(hash(token), Invitation.class, COLLECTION);
        Instant now = clock.instant();
        if (invitation == null) {
            throw ApiException.notFound("Invitation", "given");
        }
        if (invitation.accepted()) {
            throw new ApiException(HttpStatus.GONE, "Invitation used", "This invitation was accepted already; sign in instead");
        }
        if (invitation.expired(now)) {
            throw new ApiException(HttpStatus.GONE, "Invitation expired", "This invitation has expired; ask for a new one");
        }
        String staffId = Contract.deterministicId("staff", invitation.id()).toString();
        Account existing = accounts.find(invitation.email()).orElse(null);
        if (existing != null && !staffId.equals(existing.staffId())) {
            throw ApiException.conflict(invitation.email() + " already has an account").withProperty("reason", "ACCOUNT_EXISTS");
        }
        exhibitors.addStaff(invitation.exhibitorId(), invitation.email(),
                new StaffMember(staffId, invitation.email(), invitation.name(), StaffMember.Status.ACTIVE, now, null));
        if (existing == null) {
            accounts.create(invitation.email(), password, Set.of(Role.STAFF), invitation.exhibitorId(), staffId);
        }
        boolean firstAcceptance = mongo.updateFirst(
                Query.query(Criteria.where("_id").is(invitation.id()).and("acceptedAt").is(null)),
                Update.update("acceptedAt", now), COLLECTION).getModifiedCount() == 1;
        if (!firstAcceptance) {
            throw new ApiException(HttpStatus.GONE, "Invitation used", "This invitation was accepted already; sign in instead");
        }
        return accounts.find(invitation.email()).orElseThrow();
    }

    /** Frees the seat and closes the account; scanning stops as soon as the services hear of it. */
    Exhibitor revoke(String exhibitorId, String staffId, String actor) {
        Exhibitor exhibitor = exhibitors.find(exhibitorId);
        StaffMember member = exhibitor.team().member(staffId)
                .orElseThrow(() -> ApiException.notFound("Staff member", staffId));
        Exhibitor revoked = member.active() ? exhibitors.revokeStaff(exhibitorId, actor, staffId) : exhibitor;
        accounts.deactivate(member.email());
        return revoked;
    }

    /** Invitations of the exhibitor not yet accepted, newest first. */
    List<Invitation> pending(String exhibitorId) {
        return mongo.find(Query.query(Criteria.where("exhibitorId").is(exhibitorId).and("acceptedAt").is(null))
                .with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(500), Invitation.class, COLLECTION);
    }

    static String hash(String token) {
        return Secrets.sha256(token);
    }
}
