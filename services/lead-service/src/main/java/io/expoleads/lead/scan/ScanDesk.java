package io.expoleads.lead.scan;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.expoleads.events.Contract;
import io.expoleads.events.EventEnvelope;
import io.expoleads.events.EventTypes;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.lead.attendee.WalkInVisitor;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.platform.privacy.VisitorErasedException;
import io.expoleads.lead.badge.BadgeRejectedException;
import io.expoleads.lead.badge.Badges;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Where badge scans are checked and taken. A scan is acknowledged only once Kafka holds it on
 * {@code expo.scans.v1}: from then on it survives the crash of any one process. Everything the
 * checks need is local (read models kept from Kafka, the badge keys); nothing here calls another
 * service. An offline queue is checked as a whole, its scan ids claimed in one bulk write and its
 * scans sent together, so the producer batches them.
 */
@Service
class ScanDesk {

    private static final long SEND_TIMEOUT_SECONDS = 10;
    private static final String NOT_CONFIRMED =
            "The scan could not be confirmed as stored; send it again with the same scanId, which is never counted twice";

    private final BoothExhibitors exhibitors;
    private final AttendeeDirectory attendees;
    private final Badges badges;
    private final EditionCalendar editions;
    private final ScanClaims claims;
    private final LeadStore leads;
    private final KafkaTemplate<Object, Object> kafka;
    private final PersonalSeal seal;
    private final Clock clock;

    ScanDesk(BoothExhibitors exhibitors, AttendeeDirectory attendees, Badges badges, EditionCalendar editions,
             ScanClaims claims, LeadStore leads, KafkaTemplate<Object, Object> kafka, PersonalSeal seal, Clock clock) {
        this.clock = clock;
        this.seal = seal;
        this.exhibitors = exhibitors;
        this.attendees = attendees;
        this.badges = badges;
        this.editions = editions;
        this.claims = claims;
        this.leads = leads;
        this.kafka = kafka;
    }

    ScanReceipt accept(ScanRequest request, Tenant scanner) {
        String exhibitorId = exhibitorOf(scanner);
        String scanId = request.scanId().toString();
        Optional<ScanClaims.Claim> known = claims.findOne(exhibitorId, scanId);
        Optional<String> resent = resentFor(exhibitorId, known.map(claim -> Map.of(scanId, claim)).orElse(Map.of()), List.of(request)).get(0);
        if (resent.isPresent()) {
            // Taken before: answered as such even if the badge, the seat or the form changed since.
            String leadId = Lead.idOf(exhibitorId, resent.get());
            Optional<Lead> lead = leads.findForReceipt(leadId);
            return new ScanReceipt(scanId, ScanStatus.DUPLICATE, leadId,
                    lead.map(found -> attendees.visibleNow(found.attendee())).orElse(null), List.of(),
                    lead.map(found -> ScanReceipt.AlreadyLead.of(found, exhibitors.find(exhibitorId).orElse(null))).orElse(null));
        }
        BoothExhibitor exhibitor = scanningExhibitor(scanner);
        Instant now = clock.instant();
        ScanCheck outcome = check(request, verify(request, exhibitor), exhibitor, scanner, now, Map.of());
        if (outcome instanceof ScanCheck.Refused refused) {
            throw problem(refused);
        }
        ScanCheck.Passed checked = (ScanCheck.Passed) outcome;
        ScanAccepted scan = checked.scan();
        String leadId = Lead.idOf(exhibitor.id(), scan.attendeeId());
        Optional<ScanClaims.Claim> before = known.isPresent()
                ? known.filter(claim -> claim.published() || !claim.attendeeId().equals(scan.attendeeId()))
                : claims.claimOne(exhibitor.id(), scan.scanId(), scan.attendeeId(), now);
        if (before.isPresent() && !before.get().attendeeId().equals(scan.attendeeId())) {
            throw problem(ScanCheck.Refused.reused(scan.scanId()));
        }
        Optional<Lead> lead = leads.findForReceipt(leadId);
        if (before.isPresent()) {
            return new ScanReceipt(scan.scanId(), ScanStatus.DUPLICATE, leadId, attendees.visibleTo(checked.attendee(), exhibitor.id()),
                    scan.flags(), lead.map(found -> ScanReceipt.AlreadyLead.of(found, exhibitor)).orElse(null));
        }
        keepWalkIns(List.of(checked));
        publish(List.of(scan));
        claims.publishedOne(exhibitor.id(), scan.scanId());
        return new ScanReceipt(scan.scanId(), ScanStatus.ACCEPTED, leadId, attendees.visibleTo(checked.attendee(), exhibitor.id()),
                scan.flags(), lead.map(found -> ScanReceipt.AlreadyLead.of(found, exhibitor)).orElse(null));
    }

    BatchReceipt acceptAll(List<ScanRequest> requests, Tenant scanner) {
        String exhibitorId = exhibitorOf(scanner);
        BatchReceipt.Result[] results = new BatchReceipt.Result[requests.size()];
        Map<String, ScanClaims.Claim> claimed = claims.find(exhibitorId, requests.stream().map(request -> request.scanId().toString()).toList());
        List<Optional<String>> resent = resentFor(exhibitorId, claimed, requests);
        boolean allResent = true;
        for (int index = 0; index < requests.size(); index++) {
            if (resent.get(index).isPresent()) {
                results[index] = new BatchReceipt.Result(requests.get(index).scanId().toString(), ScanStatus.DUPLICATE,
                        Lead.idOf(exhibitorId, resent.get(index).get()), List.of(), null, null);
            } else {
                allResent = false;
            }
        }
        if (allResent) {
            return BatchReceipt.of(List.of(results));
        }
        BoothExhibitor exhibitor = scanningExhibitor(scanner);
        Instant now = clock.instant();
        List<BadgeCheck> verified = new ArrayList<>();
        Set<String> attendeeIds = new LinkedHashSet<>();
        for (int index = 0; index < requests.size(); index++) {
            BadgeCheck badge = results[index] != null ? null : verify(requests.get(index), exhibitor);
            verified.add(badge);
            if (badge instanceof BadgeCheck.Genuine genuine) {
                attendeeIds.add(genuine.badge().attendeeId());
            } else if (badge instanceof BadgeCheck.LookedUp lookedUp) {
                attendeeIds.add(lookedUp.attendeeId());
            } else if (badge instanceof BadgeCheck.WalkedIn walkedIn) {
                attendeeIds.add(walkedIn.visitor().id());
            }
        }
        Map<String, Attendee> known = attendees.findAllRecent(attendeeIds);
        Map<String, Integer> firstIndexOfScanId = new HashMap<>();
        Map<Integer, List<Integer>> repeats = new HashMap<>();
        Map<Integer, ScanCheck.Passed> toClaim = new LinkedHashMap<>();
        for (int index = 0; index < requests.size(); index++) {
            if (results[index] != null) {
                continue;
            }
            ScanRequest request = requests.get(index);
            String scanId = request.scanId().toString();
            Integer earlier = firstIndexOfScanId.putIfAbsent(scanId, index);
            if (earlier != null) {
                // The same scan queued twice: it shares the first one's fate, unless it names another visitor.
                if (request.subject().equals(requests.get(earlier).subject())) {
                    repeats.computeIfAbsent(earlier, first -> new ArrayList<>()).add(index);
                } else {
                    results[index] = rejected(scanId, ScanCheck.Refused.reused(scanId));
                }
                continue;
            }
            ScanCheck outcome = check(request, verified.get(index), exhibitor, scanner, now, known);
            if (outcome instanceof ScanCheck.Refused refused) {
                results[index] = rejected(scanId, refused);
            } else if (outcome instanceof ScanCheck.Passed passed) {
                toClaim.put(index, passed);
            }
        }
        Map<String, String> attendeeByScanId = new LinkedHashMap<>();
        toClaim.values().forEach(checked -> attendeeByScanId.put(checked.scan().scanId(), checked.scan().attendeeId()));
        Map<String, ScanClaims.Claim> before = attendeeByScanId.isEmpty() ? Map.of()
                : claims.claim(exhibitor.id(), attendeeByScanId, claimed, now);
        List<ScanAccepted> toPublish = new ArrayList<>();
        List<ScanCheck.Passed> walkIns = new ArrayList<>();
        toClaim.forEach((index, checked) -> {
            ScanAccepted scan = checked.scan();
            ScanClaims.Claim claim = before.get(scan.scanId());
            if (claim != null && !claim.attendeeId().equals(scan.attendeeId())) {
                results[index] = rejected(scan.scanId(), ScanCheck.Refused.reused(scan.scanId()));
            } else if (claim != null && claim.published()) {
                results[index] = new BatchReceipt.Result(scan.scanId(), ScanStatus.DUPLICATE, leadIdOf(checked), scan.flags(), null, null);
            } else {
                toPublish.add(scan);
                walkIns.add(checked);
                results[index] = new BatchReceipt.Result(scan.scanId(), ScanStatus.ACCEPTED, leadIdOf(checked), scan.flags(), null, null);
            }
        });
        repeats.forEach((first, later) -> later.forEach(index -> {
            BatchReceipt.Result outcome = results[first];
            results[index] = outcome.status() == ScanStatus.REJECTED ? outcome
                    : new BatchReceipt.Result(outcome.scanId(), ScanStatus.DUPLICATE, outcome.leadId(), outcome.flags(), null, null);
        }));
        keepWalkIns(walkIns);
        publish(toPublish);
        claims.published(exhibitor.id(), toPublish.stream().map(ScanAccepted::scanId).toList());
        return BatchReceipt.of(List.of(results));
    }

    private static String exhibitorOf(Tenant scanner) {
        if (scanner.exhibitorId() == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Not a scanner", "The token names no exhibitor to scan for");
        }
        return scanner.exhibitorId();
    }

    /**
     * For each scan, the attendee it was taken for when its scan id was already published for the
     * badge's attendee: a resend, answered as a duplicate before anything else is checked.
     */
    private List<Optional<String>> resentFor(String exhibitorId, Map<String, ScanClaims.Claim> claimed, List<ScanRequest> requests) {
        Map<String, ScanClaims.Claim> published = ScanClaims.takenBefore(claimed);
        List<Optional<String>> resent = new ArrayList<>(requests.size());
        for (ScanRequest request : requests) {
            ScanClaims.Claim claim = published.get(request.scanId().toString());
            resent.add(claim != null && claimedAttendee(exhibitorId, request).filter(claim.attendeeId()::equals).isPresent()
                    ? Optional.of(claim.attendeeId()) : Optional.empty());
        }
        return resent;
    }

    /** The attendee the scan names, unverified: for recognising a resend before anything is checked. */
    private Optional<String> claimedAttendee(String exhibitorId, ScanRequest request) {
        if (request.walkedIn()) {
            return Optional.of(WalkInVisitor.attendeeId(exhibitorId, request.scanId().toString()));
        }
        if (request.lookedUp()) {
            return Optional.ofNullable(request.lookup().attendeeId()).map(String::strip);
        }
        return request.badge() == null ? Optional.empty() : badges.claimedAttendee(request.badge());
    }

    /** The exhibitor the token scans for, refused when the scanner or the exhibitor may not scan now. */
    private BoothExhibitor scanningExhibitor(Tenant scanner) {
        BoothExhibitor exhibitor = exhibitors.find(scanner.exhibitorId())
                .orElseThrow(() -> ApiException.notFound("Exhibitor", scanner.exhibitorId()));
        exhibitor.requireOnTeam(scanner);
        if (!exhibitor.mayCaptureLeads()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Exhibitor cannot scan",
                    "Exhibitor " + exhibitor.id() + " is " + exhibitor.status() + ", not APPROVED")
                    .withProperty("reason", "EXHIBITOR_NOT_APPROVED");
        }
        return exhibitor;
    }

    /**
     * Who the scan names ({@link ScanChecks#named}): a badge verified against the exhibitor's
     * edition, a looked-up attendee, a walk-in's record, or the refusal saying why not.
     */
    private BadgeCheck verify(ScanRequest request, BoothExhibitor exhibitor) {
        BadgeCheck named = ScanChecks.named(request, exhibitor, clock.instant());
        if (named != null) {
            return named;
        }
        try {
            return new BadgeCheck.Genuine(badges.verify(request.badge().strip(), exhibitor.editionId()));
        } catch (BadgeRejectedException refused) {
            return new ScanCheck.Refused(refused.reason().name(), refused.getMessage(), Map.of());
        }
    }

    /**
     * The scan's checks, in order: badge (or lookup), then those of {@link ScanChecks} on its
     * attendee (in the exhibitor's edition, not erased) and what it carries.
     */
    private ScanCheck check(ScanRequest request, BadgeCheck verified, BoothExhibitor exhibitor, Tenant scanner, Instant now,
                            Map<String, Attendee> known) {
        if (verified instanceof ScanCheck.Refused refused) {
            return refused;
        }
        String attendeeId = verified instanceof BadgeCheck.Genuine genuine ? genuine.badge().attendeeId()
                : verified instanceof BadgeCheck.WalkedIn walkedIn ? walkedIn.visitor().id()
                : ((BadgeCheck.LookedUp) verified).attendeeId();
        Attendee attendee = known.containsKey(attendeeId) ? known.get(attendeeId) : attendees.findRecent(attendeeId).orElse(null);
        if (attendee == null && verified instanceof BadgeCheck.WalkedIn walkedIn) {
            // A first send: the record made for the walk-in, kept once the scan id is claimed.
            attendee = walkedIn.visitor();
        }
        return ScanChecks.check(request, attendee, exhibitor, scanner, now, editions::find);
    }

    /**
     * Keeps the records of the walk-ins among the scans about to go to Kafka, where lead capture
     * reads them: a scan is never on the topic before its visitor is in the directory. Kept before
     * the send, a record whose send fails stays for the resend of the same scan, which finds it.
     */
    private void keepWalkIns(List<ScanCheck.Passed> passed) {
        for (ScanCheck.Passed checked : passed) {
            if (checked.attendee().isWalkIn()) {
                attendees.keepWalkIn(checked.attendee());
            }
        }
    }

    private static String leadIdOf(ScanCheck.Passed checked) {
        return Lead.idOf(checked.scan().exhibitorId(), checked.scan().attendeeId());
    }

    private static BatchReceipt.Result rejected(String scanId, ScanCheck.Refused refused) {
        return new BatchReceipt.Result(scanId, ScanStatus.REJECTED, null, List.of(), refused.reason(), refused.message());
    }

    private static ApiException problem(ScanCheck.Refused refused) {
        if (!refused.fields().isEmpty()) {
            return ApiException.invalidFields(refused.fields()).withProperty("reason", refused.reason());
        }
        if (refused.reason().equals(ScanCheck.Refused.SCAN_ID_REUSED)) {
            return ApiException.conflict(refused.message()).withProperty("reason", refused.reason());
        }
        String title = refused.reason().equals(ScanCheck.Refused.UNKNOWN_ATTENDEE) ? "Unknown visitor" : "Badge rejected";
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, title, refused.message()).withProperty("reason", refused.reason());
    }

    /** Sends the scans and waits until Kafka holds every one; 503 when it cannot confirm them all. */
    private void publish(List<ScanAccepted> scans) {
        if (scans.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(scans.size());
        try {
            for (ScanAccepted scan : scans) {
                UUID eventId = Contract.deterministicId(Topics.SCANS, scan.exhibitorId(), scan.scanId());
                // The answers, tags and note travel sealed under the visitor's key.
                EventEnvelope<ScanAccepted> event = EventEnvelope.of(eventId, EventTypes.SCAN_ACCEPTED, scan.receivedAt(),
                        scan.editionId(), scan.exhibitorId(), seal.seal(scan));
                sends.add(kafka.send(Topics.SCANS, scan.exhibitorId(), event));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (VisitorErasedException erasedMeanwhile) {
            // Erased between the check and the send (the key is gone): refused as an erased badge.
            throw problem(ScanCheck.Refused.erased());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(NOT_CONFIRMED);
        } catch (ExecutionException | TimeoutException | KafkaException | org.springframework.kafka.KafkaException e) {
            // Spring's template throws its own KafkaException for a send it could not even start.
            throw ApiException.unavailable(NOT_CONFIRMED);
        }
    }
}
