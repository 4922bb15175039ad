package io.expoleads.lead.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.Contract;
import io.expoleads.events.EventTypes;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadSource;
import io.expoleads.events.LeadView;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.platform.outbox.OutboxEntry;

/**
 * One exhibitor's lead on one attendee, however many staff scan them and however often. Keeps
 * every scan, the qualification and one note per author; its pending events live in the same
 * document. The rules of how a lead changes live here, free of Spring, MongoDB and Kafka (see
 * {@code LeadTest}): a scan or a repeated scan, the qualification taken with it or made later,
 * notes, tags and ratings, a refresh of the attendee's data, a contact withdrawal and an erasure.
 * The services around it only read the lead, apply one of these and write the result with its event.
 *
 * @param searchText the attendee's name and company in lower case, for text search without {@code $text}
 * @param scannedBy  everyone who scanned the visitor (staff ids, or device ids), first scanner first
 * @param erasedAt   when the visitor was erased: the lead then keeps its ids, scan counts and times only
 * @param source     how the visitor was identified at this booth: {@link LeadSource#LOOKUP} while every
 *                   scan of the lead was a directory lookup, {@link LeadSource#BADGE} as soon as one read
 *                   their badge. A badge proves who the visitor is; the "looked up" flag tells sales that
 *                   nothing did. So a later badge scan of a looked-up lead turns it into a badge lead (each
 *                   scan keeps its own source), whatever order an offline queue brings the scans in.
 *                   {@link LeadSource#WALK_IN} for a visitor with no registration typed in at the booth:
 *                   their record is made by that one scan, so nothing else ever scans them.
 */
public record Lead(
        String id,
        String exhibitorId,
        String editionId,
        String attendeeId,
        AttendeeView attendee,
        String searchText,
        List<ScanRecord> scans,
        int scanCount,
        Instant firstScanAt,
        Instant lastScanAt,
        String lastScannedBy,
        List<String> scannedBy,
        Integer rating,
        Integer formVersion,
        Map<String, Object> answers,
        List<String> tags,
        boolean followUp,
        List<LeadNote> notes,
        List<ScanFlag> flags,
        Instant updatedAt,
        long revision,
        List<OutboxEntry> outbox,
        Instant erasedAt,
        LeadSource source) {

    /** The longest note one author keeps on a lead. */
    public static final int MAX_NOTE = 2000;

    /** The most tags one lead holds. */
    public static final int MAX_TAGS = 20;

    public Lead {
        scans = scans == null ? List.of() : List.copyOf(scans);
        scannedBy = scannedBy == null ? List.of() : List.copyOf(scannedBy);
        answers = answers == null ? Map.of() : Map.copyOf(answers);
        tags = tags == null ? List.of() : List.copyOf(tags);
        notes = notes == null ? List.of() : List.copyOf(notes);
        flags = flags == null ? List.of() : List.copyOf(flags);
        outbox = outbox == null ? List.of() : List.copyOf(outbox);
        // Leads stored before lookups existed were all taken by badge.
        source = source == null ? LeadSource.BADGE : source;
    }

    /** The lead id of an exhibitor and attendee: one pair, one id, one lead. */
    public static String idOf(String exhibitorId, String attendeeId) {
        return Contract.deterministicId("lead", exhibitorId, attendeeId).toString();
    }

    /**
     * The lead a visitor's first scan at the exhibitor's booth makes, with the qualification taken
     * with it (revision 1).
     *
     * @param shown the attendee as the exhibitor may see them
     */
    static Lead firstScan(ScanAccepted scan, AttendeeView shown) {
        ScanRecord record = ScanRecord.of(scan);
        Lead first = new Lead(idOf(scan.exhibitorId(), shown.attendeeId()), scan.exhibitorId(), scan.editionId(),
                shown.attendeeId(), shown, searchTextOf(shown), List.of(record), 1, record.scannedAt(), record.scannedAt(),
                record.scanner(), record.scanner() == null ? List.of() : List.of(record.scanner()), null, null, Map.of(),
                List.of(), false, List.of(), record.flags(), record.receivedAt(), 1, List.of(), null, record.source());
        return scan.qualifies() ? first.qualified(Qualification.atBooth(scan)) : first;
    }

    /**
     * The lead with one more scan and the qualification taken with it; the same lead when it holds
     * that scan already (a scan id is applied once, however often it is delivered).
     */
    Lead withScan(ScanAccepted scan) {
        if (hasScan(scan.scanId())) {
            return this;
        }
        Lead scanned = scannedAgain(ScanRecord.of(scan));
        return scan.qualifies() ? scanned.qualified(Qualification.atBooth(scan)) : scanned;
    }

    /**
     * The lead these scans of one visitor at one booth make, applied in the order given, on top of
     * the stored lead; the stored lead itself when it holds every one of them already.
     *
     * @param stored the lead as stored, or null when the visitor has none at this booth yet
     * @param shown  the attendee as the exhibitor may see them, shown on a lead the first scan makes
     */
    static Lead captured(Lead stored, List<ScanAccepted> scans, AttendeeView shown) {
        Lead lead = stored;
        for (ScanAccepted scan : scans) {
            lead = lead == null ? firstScan(scan, shown) : lead.withScan(scan);
        }
        return lead;
    }

    /**
     * This lead as the write that follows {@code stored} makes it: revision 1 for a new lead, the
     * stored revision plus one otherwise, however many changes were applied in between.
     */
    Lead writtenAfter(Lead stored) {
        long next = stored == null ? 1 : stored.revision() + 1;
        return new Lead(id, exhibitorId, editionId, attendeeId, attendee, searchText, scans, scanCount, firstScanAt,
                lastScanAt, lastScannedBy, scannedBy, rating, formVersion, answers, tags, followUp, notes, flags, updatedAt,
                next, outbox, erasedAt, source);
    }

    static String searchTextOf(AttendeeView attendee) {
        StringBuilder text = new StringBuilder();
        for (String part : new String[] {attendee.firstName(), attendee.lastName(), attendee.company()}) {
            if (part != null) {
                text.append(part.toLowerCase(Locale.ROOT)).append(' ');
            }
        }
        return text.toString().strip();
    }

    boolean hasScan(String scanId) {
        return scans.stream().anyMatch(scan -> scan.scanId().equals(scanId));
    }

    /**
     * The lead with one more scan; scans are kept in the order of their device time, so a scan sent
     * late (an offline queue) takes its place among them: it moves the first scan time when it is
     * earlier, and becomes the last scan (time and scanner) only when it is not earlier than it.
     */
    private Lead scannedAgain(ScanRecord scan) {
        List<ScanRecord> all = new ArrayList<>(scans);
        all.add(scan);
        all.sort(Comparator.comparing(ScanRecord::scannedAt));
        Instant first = scan.scannedAt().isBefore(firstScanAt) ? scan.scannedAt() : firstScanAt;
        boolean latest = !scan.scannedAt().isBefore(lastScanAt);
        Set<String> scanners = new LinkedHashSet<>(scannedBy);
        if (scan.scanner() != null) {
            scanners.add(scan.scanner());
        }
        Set<ScanFlag> allFlags = flags.isEmpty() ? EnumSet.noneOf(ScanFlag.class) : EnumSet.copyOf(flags);
        allFlags.addAll(scan.flags());
        return new Lead(id, exhibitorId, editionId, attendeeId, attendee, searchText, all, scanCount + 1, first,
                latest ? scan.scannedAt() : lastScanAt, latest ? scan.scanner() : lastScannedBy, List.copyOf(scanners),
                rating, formVersion, answers, tags, followUp, notes, List.copyOf(allFlags), scan.receivedAt(), revision + 1, outbox, erasedAt,
                source == LeadSource.BADGE || scan.source() == LeadSource.BADGE ? LeadSource.BADGE : source);
    }

    /**
     * The lead with one author's qualification applied on top of what it holds; the same lead
     * (same revision) when nothing actually changes.
     */
    Lead qualified(Qualification change) {
        Integer newRating = change.changesRating() ? change.rating() : rating;
        Integer newFormVersion = formVersion;
        Map<String, Object> newAnswers = new LinkedHashMap<>(answers);
        boolean olderForm = change.formVersion() != null && formVersion != null && change.formVersion() < formVersion;
        if (!change.answers().isEmpty() && !olderForm) {
            if (change.formVersion() != null && !change.formVersion().equals(formVersion)) {
                // Answers follow one form version; a newer version starts them afresh. Answers on an
                // older version than the lead's (a scanner that was offline) are not taken.
                newAnswers.clear();
                newFormVersion = change.formVersion();
            }
            change.answers().forEach((key, value) -> {
                if (value == null) {
                    newAnswers.remove(key);
                } else {
                    newAnswers.put(key, value);
                }
            });
        }
        Set<String> newTags = new TreeSet<>(change.replaceTags() != null ? change.replaceTags() : tags);
        newTags.addAll(change.addTags());
        newTags.removeAll(change.removeTags());
        if (newTags.size() > MAX_TAGS) {
            // More tags than a lead holds: the additions that do not fit are not taken.
            Set<String> kept = new TreeSet<>(change.replaceTags() != null ? change.replaceTags() : tags);
            kept.removeAll(change.removeTags());
            for (String tag : newTags) {
                if (kept.size() >= MAX_TAGS) {
                    break;
                }
                kept.add(tag);
            }
            newTags = kept;
        }
        boolean newFollowUp = change.followUp() != null ? change.followUp() : followUp;
        List<LeadNote> newNotes = notes;
        if (change.changesNote()) {
            newNotes = new ArrayList<>();
            for (LeadNote note : notes) {
                if (!note.authorId().equals(change.authorId())) {
                    newNotes.add(note);
                }
            }
            if (change.note() != null && !change.note().isBlank()) {
                LeadNote own = notes.stream().filter(note -> note.authorId().equals(change.authorId())).findFirst().orElse(null);
                if (own != null && own.text().equals(change.note().strip())) {
                    newNotes = notes;
                } else {
                    newNotes.add(new LeadNote(change.authorId(), change.note().strip(), change.at()));
                }
            }
        }
        boolean unchanged = Objects.equals(newRating, rating) && Objects.equals(newFormVersion, formVersion)
                && newAnswers.equals(answers) && List.copyOf(newTags).equals(tags) && newFollowUp == followUp
                && newNotes.equals(notes);
        if (unchanged) {
            return this;
        }
        return new Lead(id, exhibitorId, editionId, attendeeId, attendee, searchText, scans, scanCount, firstScanAt,
                lastScanAt, lastScannedBy, scannedBy, newRating, newFormVersion, newAnswers, List.copyOf(newTags), newFollowUp,
                newNotes, flags, change.at(), revision + 1, outbox, erasedAt, source);
    }

    /**
     * The lead with one author's qualification, as a staff member edits it after the scan; refused
     * when the visitor was erased, as nothing personal is added to their lead any more.
     *
     * @throws LeadErasedException when the lead's visitor was erased
     */
    Lead qualifiedBy(Qualification change) {
        if (erased()) {
            throw new LeadErasedException(id);
        }
        return qualified(change);
    }

    /** The lead with the attendee data it may show now (after the directory changed). */
    Lead withAttendee(AttendeeView visible, Instant at) {
        if (visible.equals(attendee)) {
            return this;
        }
        return new Lead(id, exhibitorId, editionId, attendeeId, visible, searchTextOf(visible), scans, scanCount,
                firstScanAt, lastScanAt, lastScannedBy, scannedBy, rating, formVersion, answers, tags, followUp, notes,
                flags, at, revision + 1, outbox, erasedAt, source);
    }

    /**
     * How a refresh of the attendee's data from {@code before} to this lead is published: a refresh
     * that takes the visitor's contact off the lead (withdrawn from its exhibitor, or no longer
     * shared) is a withdrawal, so that the copies made of the lead downstream (alerts waiting,
     * deliveries, the CRMs) lose it too; any other is an update.
     */
    String refreshEventType(Lead before) {
        return before.holdsContact() && !holdsContact() ? EventTypes.LEAD_CONTACT_WITHDRAWN : EventTypes.LEAD_UPDATED;
    }

    /** What a lead, written from an attendee read before the write, still owes the visitor's choices. */
    enum PrivacyDue {
        /** Nothing: the lead shows only what the visitor allows. */
        NOTHING,
        /** The visitor was erased meanwhile: the lead is to be scrubbed. */
        ERASURE,
        /** The visitor withdrew contact sharing from this exhibitor meanwhile: the lead is to lose it. */
        CONTACT_WITHDRAWAL
    }

    /**
     * What this lead owes its visitor as the directory holds them now: an erasure or a withdrawal
     * that landed between the capture's read of the attendee and its write found no lead to change.
     *
     * @param now the attendee as read after the lead was written, or null when not found
     */
    PrivacyDue privacyDue(Attendee now) {
        if (erased() || now == null) {
            return PrivacyDue.NOTHING;
        }
        if (now.erased()) {
            return PrivacyDue.ERASURE;
        }
        return holdsContact() && !now.contactAllowedFor(exhibitorId) ? PrivacyDue.CONTACT_WITHDRAWAL : PrivacyDue.NOTHING;
    }

    /** Whether the lead's visitor was erased: nothing personal is left, nothing more is sealed. */
    public boolean erased() {
        return erasedAt != null;
    }

    /**
     * The lead with nothing personal left: the attendee reduced to its ids, no search text,
     * answers, tags or notes. Scan counts, times, scanners, rating and flags stay, unlinked from
     * the person. The same lead when already erased.
     */
    Lead scrubbed(Instant at) {
        if (erased()) {
            return this;
        }
        AttendeeView stub = new AttendeeView(attendeeId, editionId, null, null, null, null, null, null, null, null, false);
        return new Lead(id, exhibitorId, editionId, attendeeId, stub, "", scans, scanCount, firstScanAt, lastScanAt,
                lastScannedBy, scannedBy, rating, formVersion, Map.of(), List.of(), followUp, List.of(), flags, at,
                revision + 1, outbox, at, source);
    }

    /** Whether the lead shows the visitor's email or phone. */
    boolean holdsContact() {
        return attendee != null && (attendee.email() != null || attendee.phone() != null);
    }

    /** The lead without the visitor's email and phone (contact sharing withdrawn); the same when none are held. */
    Lead withoutContact(Instant at) {
        if (!holdsContact()) {
            return this;
        }
        AttendeeView kept = new AttendeeView(attendee.attendeeId(), attendee.editionId(), attendee.registrationId(),
                attendee.firstName(), attendee.lastName(), attendee.company(), attendee.jobTitle(), null, null,
                attendee.country(), attendee.shareContact());
        return new Lead(id, exhibitorId, editionId, attendeeId, kept, searchText, scans, scanCount, firstScanAt, lastScanAt,
                lastScannedBy, scannedBy, rating, formVersion, answers, tags, followUp, notes, flags, at, revision + 1,
                outbox, erasedAt, source);
    }

    Lead withEvent(OutboxEntry event) {
        List<OutboxEntry> pending = new ArrayList<>(outbox);
        pending.add(event);
        return new Lead(id, exhibitorId, editionId, attendeeId, attendee, searchText, scans, scanCount, firstScanAt,
                lastScanAt, lastScannedBy, scannedBy, rating, formVersion, answers, tags, followUp, notes, flags,
                updatedAt, revision, pending, erasedAt, source);
    }

    public LeadView view() {
        return viewShowing(attendee);
    }


    /** The lead's view with the attendee as its exhibitor may see them now. */
    public LeadView viewShowing(AttendeeView shown) {
        return new LeadView(id, exhibitorId, editionId, revision, shown, scanCount, firstScanAt, lastScanAt,
                lastScannedBy, scannedBy, rating, formVersion, answers, tags, followUp, notes, flags).withSource(source);
    }
}
