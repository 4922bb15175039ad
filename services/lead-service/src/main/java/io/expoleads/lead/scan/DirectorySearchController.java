package io.expoleads.lead.scan;

import java.util.List;

import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.attendee.DirectoryMatch;
import io.expoleads.lead.attendee.SearchKeys;
import io.expoleads.lead.audit.AuditLog;
import io.expoleads.lead.audit.BulkRead;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.lead.LeadAccess;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A booth's search of its edition's directory, for a visitor whose badge cannot be read: the lead is
 * then taken with the attendee id found ({@code lookup} in the scan upload). The query travels in
 * the body, never in the URL, and is never logged; each account's searches are throttled and
 * audited.
 */
@RestController
class DirectorySearchController {

    private final LeadAccess access;
    private final AttendeeDirectory directory;
    private final DirectorySearchThrottle throttle;
    private final AuditLog audit;

    DirectorySearchController(LeadAccess access, AttendeeDirectory directory, DirectorySearchThrottle throttle, AuditLog audit) {
        this.access = access;
        this.directory = directory;
        this.throttle = throttle;
        this.audit = audit;
    }

    record SearchRequest(String query) {
    }

    record SearchResults(List<DirectoryMatch> results) {
    }

    /**
     * Refused: a query under {@value AttendeeDirectory#SEARCH_MIN} characters (400
     * {@code QUERY_TOO_SHORT}) or over {@value AttendeeDirectory#SEARCH_MAX} ({@code QUERY_TOO_LONG}),
     * an exhibitor not approved (422), an account past its searches (429 {@code TOO_MANY_SEARCHES}).
     */
    @PostMapping("/api/exhibitors/{exhibitorId}/directory/search")
    SearchResults search(@PathVariable String exhibitorId, @RequestBody SearchRequest request,
                         @AuthenticationPrincipal Jwt token) {
        Tenant caller = Tenant.of(token);
        BoothExhibitor exhibitor = access.requireExhibitor(caller, exhibitorId);
        if (!exhibitor.mayCaptureLeads()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Exhibitor cannot scan",
                    "Exhibitor " + exhibitor.id() + " is " + exhibitor.status() + ", not APPROVED")
                    .withProperty("reason", "EXHIBITOR_NOT_APPROVED");
        }
        String query = request == null ? null : request.query();
        // Spaces are no characters here: "  k é " asks for two letters.
        int length = SearchKeys.normalize(query).replace(" ", "").length();
        if (length < AttendeeDirectory.SEARCH_MIN) {
            throw ApiException.invalidField("query", "must have at least " + AttendeeDirectory.SEARCH_MIN + " characters")
                    .withProperty("reason", "QUERY_TOO_SHORT");
        }
        if (length > AttendeeDirectory.SEARCH_MAX) {
            throw ApiException.invalidField("query", "must have at most " + AttendeeDirectory.SEARCH_MAX + " characters")
                    .withProperty("reason", "QUERY_TOO_LONG");
        }
        throttle.count(AuditLog.accountOf(caller));
        List<DirectoryMatch> found = directory.search(exhibitor.editionId(), exhibitor.id(), query);
        audit.count(BulkRead.DIRECTORY_SEARCH, exhibitor.editionId(), exhibitor.id(), caller, found.size());
        return new SearchResults(found);
    }
}
