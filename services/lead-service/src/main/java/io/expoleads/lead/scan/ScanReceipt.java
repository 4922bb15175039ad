package io.expoleads.lead.scan;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.LeadNote;
import io.expoleads.events.ScanFlag;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.lead.Lead;

/**
 * The scanner's answer: whether the scan was taken, the visitor as this exhibitor may see them,
 * and whether they were already a lead, scanned by whom and when, with the team's notes.
 *
 * @param alreadyLead the lead as it stood before this scan, or null when the visitor is new to the exhibitor
 */
record ScanReceipt(String scanId, ScanStatus status, String leadId, AttendeeView attendee, List<ScanFlag> flags,
                   AlreadyLead alreadyLead) {

    /**
     * @param lastScannedBy     the staff or device id of the latest scan
     * @param lastScannedByName that scanner's display name, so a teammate reads who it was; null
     *                          when the exhibitor's view names nobody by that id
     * @param names             the display names of the scanners and note authors named here, by id
     */
    record AlreadyLead(int scanCount, Instant firstScanAt, Instant lastScanAt, String lastScannedBy,
                       String lastScannedByName, List<String> scannedBy, Integer rating, List<String> tags,
                       List<LeadNote> notes, Map<String, String> names) {

        static AlreadyLead of(Lead lead, BoothExhibitor exhibitor) {
            if (lead == null) {
                return null;
            }
            Map<String, String> team = exhibitor == null ? Map.of() : exhibitor.teamNames();
            Map<String, String> names = new LinkedHashMap<>();
            lead.scannedBy().forEach(id -> name(team, id, names));
            lead.notes().forEach(note -> name(team, note.authorId(), names));
            name(team, lead.lastScannedBy(), names);
            return new AlreadyLead(lead.scanCount(), lead.firstScanAt(), lead.lastScanAt(), lead.lastScannedBy(),
                    names.get(lead.lastScannedBy()), lead.scannedBy(), lead.rating(), lead.tags(), lead.notes(), names);
        }

        private static void name(Map<String, String> team, String id, Map<String, String> names) {
            if (id != null && team.containsKey(id)) {
                names.put(id, team.get(id));
            }
        }
    }
}
