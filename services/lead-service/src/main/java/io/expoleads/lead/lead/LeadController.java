package io.expoleads.lead.lead;

import java.time.Instant;
import java.util.List;

import io.expoleads.events.AttendeeView;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A lead's detail with its scan history. */
@RestController
class LeadController {

    private final LeadCapture leads;

    LeadController(LeadCapture leads) {
        this.leads = leads;
    }

    record LeadDetail(String id, String exhibitorId, String editionId, AttendeeView attendee, int scanCount,
                      Instant firstScanAt, Instant lastScanAt, String lastScannedBy, long revision,
                      List<ScanRecord> scans) {
    }

    @GetMapping("/api/leads/{leadId}")
    LeadDetail read(@PathVariable String leadId, @AuthenticationPrincipal Jwt token) {
        Lead lead = leads.find(leadId).orElseThrow(() -> ApiException.notFound("Lead", leadId));
        Tenant.of(token).requireMemberOf(lead.exhibitorId(), "Lead", leadId);
        return new LeadDetail(lead.id(), lead.exhibitorId(), lead.editionId(), lead.attendee(), lead.scanCount(),
                lead.firstScanAt(), lead.lastScanAt(), lead.lastScannedBy(), lead.revision(), lead.scans());
    }
}
