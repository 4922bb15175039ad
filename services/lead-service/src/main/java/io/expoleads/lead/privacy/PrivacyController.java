package io.expoleads.lead.privacy;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadPrivacy;
import io.expoleads.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organizer's side of visitors' rights: erasing a visitor (and reading where the erasure
 * stands in each service), and withdrawing a visitor's contact sharing from one exhibitor or all.
 * Ids only in paths and answers, never personal data.
 */
@RestController
class PrivacyController {

    private final Erasures erasures;
    private final AttendeeDirectory attendees;
    private final LeadPrivacy leads;
    private final BoothExhibitors exhibitors;

    PrivacyController(Erasures erasures, AttendeeDirectory attendees, LeadPrivacy leads, BoothExhibitors exhibitors) {
        this.erasures = erasures;
        this.attendees = attendees;
        this.leads = leads;
        this.exhibitors = exhibitors;
    }

    /** Erases the visitor: 202 with the erasure when started now, 200 with the same erasure when asked again. */
    @PostMapping("/api/attendees/{attendeeId}/erasure")
    ResponseEntity<Erasure.Status> erase(@PathVariable String attendeeId) {
        requireId("attendeeId", attendeeId);
        Erasures.Requested requested = erasures.request(attendeeId, "ORGANIZER")
                .orElseThrow(() -> ApiException.notFound("Attendee", attendeeId));
        Erasure erasure = requested.erasure();
        return ResponseEntity.status(requested.started() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(URI.create("/api/erasures/" + erasure.id())).body(erasure.report());
    }

    @GetMapping("/api/attendees/{attendeeId}/erasure")
    Erasure.Status erasureOf(@PathVariable String attendeeId) {
        requireId("attendeeId", attendeeId);
        return erasures.find(Erasures.erasureIdOf(attendeeId)).map(Erasure::report)
                .orElseThrow(() -> ApiException.notFound("Erasure of attendee", attendeeId));
    }

    @GetMapping("/api/erasures/{erasureId}")
    Erasure.Status erasure(@PathVariable String erasureId) {
        requireId("erasureId", erasureId);
        return erasures.find(erasureId).map(Erasure::report).orElseThrow(() -> ApiException.notFound("Erasure", erasureId));
    }

    /** Whom to withdraw contact sharing from: one exhibitor, or every exhibitor when absent. */
    record Withdrawal(String exhibitorId) {
    }

    /** What a withdrawal changed: the exhibitors it now covers and the leads that lost email and phone. */
    record Withdrawn(String attendeeId, List<String> contactWithdrawnFrom, List<String> leadIds) {
    }

    @PostMapping("/api/attendees/{attendeeId}/consent-withdrawals")
    Withdrawn withdraw(@PathVariable String attendeeId, @RequestBody(required = false) Withdrawal body) {
        requireId("attendeeId", attendeeId);
        String exhibitorId = body == null ? null : body.exhibitorId();
        Attendee attendee = attendees.requireLiving(attendeeId);
        if (exhibitorId != null) {
            requireId("exhibitorId", exhibitorId);
            BoothExhibitor exhibitor = exhibitors.find(exhibitorId).orElse(null);
            if (exhibitor == null || !exhibitor.editionId().equals(attendee.editionId())) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown exhibitor", "No exhibitor " + exhibitorId
                        + " in the visitor's edition").withProperty("reason", "UNKNOWN_EXHIBITOR");
            }
        }
        Attendee after = attendees.withdrawContact(attendeeId, exhibitorId == null ? Attendee.EVERY_EXHIBITOR : exhibitorId);
        List<Lead> changed = leads.withdrawContact(attendeeId, exhibitorId);
        return new Withdrawn(attendeeId, after.contactWithdrawnFrom(), changed.stream().map(Lead::id).toList());
    }

    private static void requireId(String name, String value) {
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField(name, "is not an id").withProperty("reason", "MALFORMED_ID");
        }
    }
}
