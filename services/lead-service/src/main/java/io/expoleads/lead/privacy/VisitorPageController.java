package io.expoleads.lead.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.QualificationForm;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadPrivacy;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A visitor's own page (GDPR art. 15, law 09-08): a one-time link by email, then, with the short
 * session it opens, which exhibitors scanned them, what each may see and what its staff recorded
 * about them, and their choices:
 * withdraw contact sharing from one exhibitor or all, or be erased. The session rides in the
 * {@value #SESSION_HEADER} header, apart from the staff and organizer tokens.
 */
@RestController
class VisitorPageController {

    static final String SESSION_HEADER = "Visitor-Session";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}$");
    private static final Set<String> LANGUAGES = Set.of("fr", "en", "ar");
    /** Attendee fields a lead may show its exhibitor, in the order the page lists them. */
    private static final List<String> FIELDS = List.of("firstName", "lastName", "company", "jobTitle", "email", "phone", "country");

    private final VisitorAccess access;
    private final AttendeeDirectory attendees;
    private final LeadStore leads;
    private final LeadPrivacy privacy;
    private final BoothExhibitors exhibitors;
    private final Erasures erasures;

    VisitorPageController(VisitorAccess access, AttendeeDirectory attendees, LeadStore leads, LeadPrivacy privacy,
                          BoothExhibitors exhibitors, Erasures erasures) {
        this.access = access;
        this.attendees = attendees;
        this.leads = leads;
        this.privacy = privacy;
        this.exhibitors = exhibitors;
        this.erasures = erasures;
    }

    record LinkRequest(String email, String language) {
    }

    record LinkAsked(String status, String detail) {
    }

    /**
     * Emails a sign-in link if the address is registered; the same answer (202) either way, so
     * nobody learns whether someone registered.
     */
    @PostMapping("/api/privacy/links")
    ResponseEntity<LinkAsked> askLink(@RequestBody LinkRequest body, HttpServletRequest request) {
        if (body == null || body.email() == null || body.email().isBlank() || body.email().strip().length() > 320
                || !EMAIL.matcher(body.email().strip()).matches()) {
            throw ApiException.invalidField("email", "is not an email address").withProperty("reason", "MALFORMED_EMAIL");
        }
        String language = body.language() != null && LANGUAGES.contains(body.language()) ? body.language() : "fr";
        access.requestLink(body.email(), language, request.getRemoteAddr());
        return ResponseEntity.status(HttpStatus.ACCEPTED).cacheControl(CacheControl.noStore()).body(new LinkAsked("SENT_IF_REGISTERED",
                "If this address is registered, a link valid for 30 minutes is on its way to it"));
    }

    record Redeem(String code) {
    }

    record SessionOpened(String session, Instant expiresAt) {
    }

    /** Trades the link's code (once) for a session. */
    @PostMapping("/api/privacy/sessions")
    ResponseEntity<SessionOpened> open(@RequestBody Redeem body) {
        if (body == null || body.code() == null || !body.code().matches("[A-Za-z0-9_-]{43}")) {
            throw ApiException.invalidField("code", "is not a sign-in code").withProperty("reason", "LINK_MALFORMED");
        }
        VisitorAccess.Session session = access.redeem(body.code());
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new SessionOpened(session.id(), session.expiresAt()));
    }

    /** Ends the session (signing out); an unknown one changes nothing. */
    @DeleteMapping("/api/privacy/session")
    ResponseEntity<Void> close(@RequestHeader(name = SESSION_HEADER, required = false) String token) {
        access.end(access.session(token));
        return ResponseEntity.noContent().build();
    }

    /**
     * One registration of the visitor, as the organizer holds it; for a walk-in, the details they gave
     * at a booth.
     *
     * @param walkIn null for a registration; for a walk-in, the booth that typed them in and their consent
     */
    record Registration(String attendeeId, String editionId, Map<String, String> fields, boolean shareContact,
                        boolean contactWithdrawnFromAll, WalkInGiven walkIn) {
    }

    /** Where a walk-in gave their details: the exhibitor they agreed to share them with, when, and the text's version. */
    record WalkInGiven(String exhibitorId, String companyName, Instant agreedAt, String consentText) {
    }

    /**
     * One exhibitor holding a lead of the visitor: when it scanned them, what it may see of their
     * registration, and what its staff recorded about them (rating, follow-up, answers, tags, notes;
     * the visitor's copy under GDPR art. 15). Notes come without their authors: staff are other people.
     *
     * @param alsoHolds which of rating, answers, tags and notes it holds (a summary of the fields after it)
     */
    record Holder(String attendeeId, String exhibitorId, String companyName, String boothCode, Instant firstScanAt,
                  Instant lastScanAt, int scanCount, Map<String, String> sees, boolean contactShared, List<String> alsoHolds,
                  Integer rating, boolean followUp, List<AnswerHeld> answers, List<String> tags, List<NoteHeld> notes) {
    }

    /** An answer staff gave about the visitor: the question as the exhibitor's form asked it (its key when the form is unknown). */
    record AnswerHeld(String question, Object answer) {
    }

    /** A note staff wrote about the visitor, and when it was last changed. */
    record NoteHeld(String text, Instant writtenAt) {
    }

    record VisitorData(Instant sessionExpiresAt, List<Registration> registrations, List<Holder> exhibitors) {
    }

    @GetMapping("/api/privacy/visitor")
    ResponseEntity<VisitorData> visitor(@RequestHeader(name = SESSION_HEADER, required = false) String token) {
        VisitorAccess.Session session = access.session(token);
        List<Registration> registrations = new ArrayList<>();
        List<Holder> holders = new ArrayList<>();
        for (Attendee attendee : attendees.findAll(session.attendeeIds()).values()) {
            if (attendee.erased()) {
                continue;
            }
            registrations.add(new Registration(attendee.id(), attendee.editionId(), fields(attendee.view()), attendee.shareContact(),
                    attendee.contactWithdrawnFrom().contains(Attendee.EVERY_EXHIBITOR), walkInGiven(attendee)));
            for (Lead lead : leads.leadsOf(attendee.id())) {
                BoothExhibitor exhibitor = exhibitors.find(lead.exhibitorId()).orElse(null);
                Map<String, String> sees = lead.attendee() == null ? Map.of() : fields(attendees.visibleNow(lead.attendee()));
                List<String> alsoHolds = new ArrayList<>();
                if (lead.rating() != null) {
                    alsoHolds.add("rating");
                }
                if (!lead.answers().isEmpty()) {
                    alsoHolds.add("answers");
                }
                if (!lead.tags().isEmpty()) {
                    alsoHolds.add("tags");
                }
                if (!lead.notes().isEmpty()) {
                    alsoHolds.add("notes");
                }
                holders.add(new Holder(attendee.id(), lead.exhibitorId(), exhibitor == null ? null : exhibitor.companyName(),
                        exhibitor == null ? null : exhibitor.boothCode(), lead.firstScanAt(), lead.lastScanAt(), lead.scanCount(),
                        sees, sees.containsKey("email") || sees.containsKey("phone"), alsoHolds, lead.rating(), lead.followUp(),
                        answers(lead, exhibitor), lead.tags(),
                        lead.notes().stream().map(note -> new NoteHeld(note.text(), note.updatedAt())).toList()));
            }
        }
        if (registrations.isEmpty()) {
            throw AttendeeDirectory.erased("of this session");
        }
        holders.sort(Comparator.comparing(Holder::firstScanAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new VisitorData(session.expiresAt(), registrations, holders));
    }

    private WalkInGiven walkInGiven(Attendee attendee) {
        if (!attendee.isWalkIn()) {
            return null;
        }
        Attendee.WalkIn walkIn = attendee.walkIn();
        return new WalkInGiven(walkIn.exhibitorId(), exhibitors.find(walkIn.exhibitorId()).map(BoothExhibitor::companyName).orElse(null),
                walkIn.consentAgreedAt(), walkIn.consentText());
    }

    /** Whom to withdraw contact sharing from (one exhibitor, or all when absent), for which registration (all when absent). */
    record Withdrawal(String exhibitorId, String attendeeId) {
    }

    record Withdrawn(List<String> attendeeIds, List<String> leadIds) {
    }

    @PostMapping("/api/privacy/visitor/consent-withdrawals")
    Withdrawn withdraw(@RequestHeader(name = SESSION_HEADER, required = false) String token,
                       @RequestBody(required = false) Withdrawal body) {
        VisitorAccess.Session session = access.session(token);
        String exhibitorId = body == null ? null : body.exhibitorId();
        if (exhibitorId != null) {
            requireId("exhibitorId", exhibitorId);
        }
        List<String> concerned = registrationsOf(session, body == null ? null : body.attendeeId());
        List<String> targets = new ArrayList<>();
        for (String attendeeId : concerned) {
            if (exhibitorId == null || leads.find(Lead.idOf(exhibitorId, attendeeId)).isPresent()) {
                targets.add(attendeeId);
            }
        }
        if (targets.isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "No such exhibitor", "This exhibitor holds no lead of yours")
                    .withProperty("reason", "NO_LEAD_WITH_EXHIBITOR");
        }
        List<String> leadIds = new ArrayList<>();
        for (String attendeeId : targets) {
            attendees.withdrawContact(attendeeId, exhibitorId == null ? Attendee.EVERY_EXHIBITOR : exhibitorId);
            privacy.withdrawContact(attendeeId, exhibitorId).forEach(lead -> leadIds.add(lead.id()));
        }
        return new Withdrawn(targets, leadIds);
    }

    record ErasureAsked(String attendeeId) {
    }

    record ErasuresStarted(List<Erasure.Status> erasures) {
    }

    /**
     * Erases the visitor (every registration of the session, or the one named) with cause VISITOR;
     * the erasure ends every session over them.
     */
    @PostMapping("/api/privacy/visitor/erasure")
    ResponseEntity<ErasuresStarted> erase(@RequestHeader(name = SESSION_HEADER, required = false) String token,
                                          @RequestBody(required = false) ErasureAsked body) {
        VisitorAccess.Session session = access.session(token);
        List<String> concerned = registrationsOf(session, body == null ? null : body.attendeeId());
        List<Erasure.Status> started = new ArrayList<>();
        for (String attendeeId : concerned) {
            erasures.request(attendeeId, "VISITOR").ifPresent(requested -> started.add(requested.erasure().report()));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).cacheControl(CacheControl.noStore()).body(new ErasuresStarted(started));
    }

    /** The session's registrations not erased, or the one named: 403 when it is not the session's. */
    private List<String> registrationsOf(VisitorAccess.Session session, String attendeeId) {
        List<String> living = attendees.findAll(session.attendeeIds()).values().stream().filter(attendee -> !attendee.erased())
                .map(Attendee::id).sorted().toList();
        if (attendeeId == null) {
            if (living.isEmpty()) {
                throw AttendeeDirectory.erased("of this session");
            }
            return living;
        }
        requireId("attendeeId", attendeeId);
        if (!session.attendeeIds().contains(attendeeId)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Not your registration", "This session does not cover that registration")
                    .withProperty("reason", "NOT_YOUR_REGISTRATION");
        }
        if (!living.contains(attendeeId)) {
            throw AttendeeDirectory.erased(attendeeId);
        }
        return List.of(attendeeId);
    }

    /** The lead's answers in the order of the form they were given on, each under its question's label. */
    private static List<AnswerHeld> answers(Lead lead, BoothExhibitor exhibitor) {
        Map<String, Object> given = new TreeMap<>(lead.answers());
        List<AnswerHeld> held = new ArrayList<>();
        QualificationForm form = exhibitor == null ? null : exhibitor.form(lead.formVersion()).orElse(null);
        if (form != null) {
            for (QualificationForm.Question question : form.questions()) {
                Object answer = given.remove(question.key());
                if (answer != null) {
                    held.add(new AnswerHeld(question.label() == null || question.label().isBlank() ? question.key() : question.label(),
                            answer));
                }
            }
        }
        given.forEach((key, answer) -> held.add(new AnswerHeld(key, answer)));
        return held;
    }

    private static Map<String, String> fields(AttendeeView view) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("firstName", view.firstName());
        all.put("lastName", view.lastName());
        all.put("company", view.company());
        all.put("jobTitle", view.jobTitle());
        all.put("email", view.email());
        all.put("phone", view.phone());
        all.put("country", view.country());
        Map<String, String> shown = new LinkedHashMap<>();
        FIELDS.forEach(field -> {
            String value = all.get(field);
            if (value != null && !value.isBlank()) {
                shown.put(field, value);
            }
        });
        return shown;
    }

    private static void requireId(String name, String value) {
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(name, "is not an id").withProperty("reason", "MALFORMED_ID");
        }
    }
}
