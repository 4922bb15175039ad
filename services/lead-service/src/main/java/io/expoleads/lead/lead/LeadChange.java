package io.expoleads.lead.lead;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadSource;
import io.expoleads.events.LeadView;
import io.expoleads.lead.exhibitor.BoothExhibitor;

/**
 * What a live stream tells its exhibitor's dashboards when one of its leads changes: enough to
 * show the lead's row (who, rating, tags, scans and who made them, by name), not its notes and
 * answers, which the lead's own page reads. Small, so a burst of scans stays cheap to send.
 *
 * @param change   LeadCaptured, LeadUpdated or LeadQualified, as on {@code expo.leads.v1}
 * @param revision the lead's revision: a dashboard that already shows a newer one ignores this
 * @param names    the team's display names of {@code scannedBy}, by id
 * @param source   BADGE, LOOKUP for a visitor found in the directory, WALK_IN for one typed in at the booth: the row's flag
 */
record LeadChange(String change, String leadId, long revision, AttendeeView attendee, int scanCount,
                  Instant firstScanAt, Instant lastScanAt, String lastScannedBy, List<String> scannedBy,
                  Integer rating, List<String> tags, boolean followUp, Map<String, String> names,
                  LeadSource source) {

    static LeadChange of(String change, LeadView lead, BoothExhibitor exhibitor) {
        Map<String, String> names = new LinkedHashMap<>();
        if (exhibitor != null) {
            lead.scannedBy().forEach(scanner -> names.put(scanner, exhibitor.nameOf(scanner)));
        }
        return new LeadChange(change, lead.leadId(), lead.revision(), lead.attendee(), lead.scanCount(), lead.firstScanAt(),
                lead.lastScanAt(), lead.lastScannedBy(), lead.scannedBy(), lead.rating(), lead.tags(), lead.followUp(), names,
                lead.source());
    }
}
