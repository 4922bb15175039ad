package io.expoleads.lead.scan;

import java.time.Clock;
import java.time.Duration;
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
import io.expoleads.events.QualificationForm;
import io.expoleads.events.ScanAccepted;
import io.expoleads.events.ScanFlag;
import io.expoleads.events.Topics;
import io.expoleads.lead.attendee.Attendee;
import io.expoleads.lead.attendee.AttendeeDirectory;
import io.expoleads.platform.privacy.PersonalSeal;
import io.expoleads.platform.privacy.VisitorErasedException;
import io.expoleads.lead.badge.BadgeRejectedException;
import io.expoleads.lead.badge.Badges;
import io.expoleads.lead.badge.VerifiedBadge;
import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.lead.lead.Answers;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadStore;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import tools.jackson.databind.JsonNode;
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
    /** Device clocks drift a little; beyond this a scan time in the future is flagged. */
    private static final String ATTENDEE_ERASED = "ATTENDEE_ERASED";
    private static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);
    /** Any device time in these bounds is taken (and flagged if odd); beyond them no store keeps it. */
    private static final Instant EARLIEST_STORABLE = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST_STORABLE = Instant.parse("9999-12-31T23:59:59Z");

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

    /** A scan that passed its checks, ready to go to Kafka. */
    private record Checked(ScanAccepted scan, Attendee attendee) {
    }

    /** Why one scan was refused. */
    private record Refusal(String reason, String message, Map<String, String> fields) {
    }

    ScanReceipt accept(ScanRequest request, Tenant scanner) {
        String exhibitorId = exhibitorOf(scanner);
        String scanId = request.scanId().toString();
        Optional<ScanClaims.Claim> known = claims.findOne(exhibitorId, scanId);
        Optional<String> resent = resentFor(known.map(claim -> Map.of(scanId, claim)).orElse(Map.of()), List.of(request)).get(0);
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
        Object outcome = check(request, verify(request, exhibitor), exhibitor, scanner, now, Map.of());
        if (outcome instanceof Refusal refusal) {
            throw problem(refusal);
        }
        Checked checked = (Checked) outcome;
        ScanAccepted scan = checked.scan();
        String leadId = Lead.idOf(exhibitor.id(), scan.attendeeId());
        Optional<ScanClaims.Claim> before = known.isPresent()
                ? known.filter(claim -> claim.published() || !claim.attendeeId().equals(scan.attendeeId()))
                : claims.claimOne(exhibitor.id(), scan.scanId(), scan.attendeeId(), now);
        if (before.isPresent() && !before.get().attendeeId().equals(scan.attendeeId())) {
            throw problem(reused(scan.scanId()));
        }
        Optional<Lead> lead = leads.findForReceipt(leadId);
        if (before.isPresent()) {
            return new ScanReceipt(scan.scanId(), ScanStatus.DUPLICATE, leadId, attendees.visibleTo(checked.attendee(), exhibitor.id()),
                    scan.flags(), lead.map(found -> ScanReceipt.AlreadyLead.of(found, exhibitor)).orElse(null));
        }
        publish(List.of(scan));
        claims.publishedOne(exhibitor.id(), scan.scanId());
        return new ScanReceipt(scan.scanId(), ScanStatus.ACCEPTED, leadId, attendees.visibleTo(checked.attendee(), exhibitor.id()),
                scan.flags(), lead.map(found -> ScanReceipt.AlreadyLead.of(found, exhibitor)).orElse(null));
    }

    BatchReceipt acceptAll(List<ScanRequest> requests, Tenant scanner) {
        String exhibitorId = exhibitorOf(scanner);
        BatchReceipt.Result[] results = new BatchReceipt.Result[requests.size()];
        Map<String, ScanClaims.Claim> claimed = claims.find(exhibitorId, requests.stream().map(request -> request.scanId().toString()).toList());
        List<Optional<String>> resent = resentFor(claimed, requests);
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
        List<Object> verified = new ArrayList<>();
        Set<String> attendeeIds = new LinkedHashSet<>();
        for (int index = 0; index < requests.size(); index++) {
            Object badge = results[index] != null ? null : verify(requests.get(index), exhibitor);
            verified.add(badge);
            if (badge instanceof VerifiedBadge genuine) {
                attendeeIds.add(genuine.attendeeId());
            }
        }
        Map<String, Attendee> known = attendees.findAllRecent(attendeeIds);
        Map<String, Integer> firstIndexOfScanId = new HashMap<>();
        Map<Integer, List<Integer>> repeats = new HashMap<>();
        Map<Integer, Checked> toClaim = new LinkedHashMap<>();
        for (int index = 0; index < requests.size(); index++) {
            if (results[index] != null) {
                continue;
            }
            ScanRequest request = requests.get(index);
            String scanId = request.scanId().toString();
            Integer earlier = firstIndexOfScanId.putIfAbsent(scanId, index);
            if (earlier != null) {
                // The same scan queued twice: it shares the first one's fate, unless it names another badge.
                if (request.badge().strip().equals(requests.get(earlier).badge().strip())) {
                    repeats.computeIfAbsent(earlier, first -> new ArrayList<>()).add(index);
                } else {
                    results[index] = rejected(scanId, reused(scanId));
                }
                continue;
            }
            Object outcome = check(request, verified.get(index), exhibitor, scanner, now, known);
            if (outcome instanceof Refusal refusal) {
                results[index] = rejected(scanId, refusal);
            } else {
                toClaim.put(index, (Checked) outcome);
            }
        }
        Map<String, String> attendeeByScanId = new LinkedHashMap<>();
        toClaim.values().forEach(checked -> attendeeByScanId.put(checked.scan().scanId(), checked.scan().attendeeId()));
        Map<String, ScanClaims.Claim> before = attendeeByScanId.isEmpty() ? Map.of()
                : claims.claim(exhibitor.id(), attendeeByScanId, claimed, now);
        List<ScanAccepted> toPublish = new ArrayList<>();
        toClaim.forEach((index, checked) -> {
            ScanAccepted scan = checked.scan();
            ScanClaims.Claim claim = before.get(scan.scanId());
            if (claim != null && !claim.attendeeId().equals(scan.attendeeId())) {
                results[index] = rejected(scan.scanId(), reused(scan.scanId()));
            } else if (claim != null && claim.published()) {
                results[index] = new BatchReceipt.Result(scan.scanId(), ScanStatus.DUPLICATE, leadIdOf(checked), scan.flags(), null, null);
            } else {
                toPublish.add(scan);
                results[index] = new BatchReceipt.Result(scan.scanId(), ScanStatus.ACCEPTED, leadIdOf(checked), scan.flags(), null, null);
            }
        });
        repeats.forEach((first, later) -> later.forEach(index -> {
            BatchReceipt.Result outcome = results[first];
            results[index] = outcome.status() == ScanStatus.REJECTED ? outcome
                    : new BatchReceipt.Result(outcome.scanId(), ScanStatus.DUPLICATE, outcome.leadId(), outcome.flags(), null, null);
        }));
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
    private List<Optional<String>> resentFor(Map<String, ScanClaims.Claim> claimed, List<ScanRequest> requests) {
        Map<String, ScanClaims.Claim> published = ScanClaims.takenBefore(claimed);
        List<Optional<String>> resent = new ArrayList<>(requests.size());
        for (ScanRequest request : requests) {
            ScanClaims.Claim claim = published.get(request.scanId().toString());
            resent.add(claim != null && badges.claimedAttendee(request.badge()).filter(claim.attendeeId()::equals).isPresent()
                    ? Optional.of(claim.attendeeId()) : Optional.empty());
        }
        return resent;
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

    /** The badge, verified against the exhibitor's edition, or the refusal saying why it is not genuine. */
    private Object verify(ScanRequest request, BoothExhibitor exhibitor) {
        try {
            return badges.verify(request.badge().strip(), exhibitor.editionId());
        } catch (BadgeRejectedException refused) {
            return new Refusal(refused.reason().name(), refused.getMessage(), Map.of());
        }
    }

    /** The scan's checks, in order: badge, attendee, qualification; then its flags. */
    private Object check(ScanRequest request, Object verified, BoothExhibitor exhibitor, Tenant scanner, Instant now,
                         Map<String, Attendee> known) {
        if (verified instanceof Refusal refusal) {
            return refusal;
        }
        VerifiedBadge badge = (VerifiedBadge) verified;
        Attendee attendee = known.containsKey(badge.attendeeId()) ? known.get(badge.attendeeId())
                : attendees.findRecent(badge.attendeeId()).orElse(null);
        if (attendee == null || !attendee.editionId().equals(exhibitor.editionId())) {
            return new Refusal("UNKNOWN_ATTENDEE", "The badge is genuine but its visitor is not in the edition's directory", Map.of());
        }
        if (attendee.erased()) {
            return new Refusal(ATTENDEE_ERASED, "This visitor's data was erased at their request: the badge is no longer valid", Map.of());
        }
        if (request.scannedAt().isBefore(EARLIEST_STORABLE) || request.scannedAt().isAfter(LATEST_STORABLE)) {
            return new Refusal("INVALID_SCAN_TIME", "scannedAt " + request.scannedAt() + " is outside the years 1970 to 9999",
                    Map.of("scannedAt", "must be a time between 1970 and 9999"));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        Integer rating = null;
        JsonNode givenRating = request.rating();
        if (givenRating != null && !givenRating.isNull()) {
            if (!givenRating.isIntegralNumber() || !givenRating.canConvertToInt() || givenRating.asInt() < 1 || givenRating.asInt() > 5) {
                problems.put("rating", "must be a whole number from 1 to 5");
            } else {
                rating = givenRating.asInt();
            }
        }
        Map<String, Object> answers = Map.of();
        Integer formVersion = null;
        if (request.answers() != null && !request.answers().isEmpty()) {
            Optional<QualificationForm> form = exhibitor.form(request.formVersion());
            if (form.isEmpty()) {
                problems.put(request.formVersion() == null ? "answers" : "formVersion", request.formVersion() == null
                        ? "the exhibitor has no qualification form" : "form version " + request.formVersion() + " is unknown");
            } else {
                Answers.Checked checked = Answers.check(form.get(), request.answers(), "answers");
                problems.putAll(checked.problems());
                answers = new HashMap<>(checked.values());
                answers.values().removeIf(value -> value == null);
                formVersion = form.get().version();
            }
        }
        Set<String> tags = Answers.tags(request.tags(), "tags", problems);
        if (request.note() != null && request.note().length() > Lead.MAX_NOTE) {
            problems.put("note", "must be at most " + Lead.MAX_NOTE + " characters");
        }
        if (!problems.isEmpty()) {
            return new Refusal("INVALID_QUALIFICATION", "The qualification taken with the scan is invalid: " + problems, problems);
        }
        List<ScanFlag> flags = new ArrayList<>();
        if (request.scannedAt().isAfter(now.plus(CLOCK_TOLERANCE))) {
            flags.add(ScanFlag.FUTURE_SCAN_TIME);
        }
        editions.find(exhibitor.editionId()).ifPresent(edition -> {
            if (!edition.covers(request.scannedAt())) {
                flags.add(ScanFlag.OUTSIDE_EDITION_DATES);
            }
        });
        boolean device = scanner.is("DEVICE");
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        ScanAccepted scan = new ScanAccepted(request.scanId().toString(), exhibitor.id(), exhibitor.editionId(), attendee.id(),
                device ? null : scanner.staffId(), device ? scanner.account() : null, request.scannedAt(), now,
                rating, formVersion, answers, List.copyOf(tags), note, flags);
        return new Checked(scan, attendee);
    }

    private static String leadIdOf(Checked checked) {
        return Lead.idOf(checked.scan().exhibitorId(), checked.scan().attendeeId());
    }

    private static Refusal reused(String scanId) {
        return new Refusal("SCAN_ID_REUSED", "scanId " + scanId + " was already used for another badge", Map.of());
    }

    private static BatchReceipt.Result rejected(String scanId, Refusal refusal) {
        return new BatchReceipt.Result(scanId, ScanStatus.REJECTED, null, List.of(), refusal.reason(), refusal.message());
    }

    private static ApiException problem(Refusal refusal) {
        if (!refusal.fields().isEmpty()) {
            return ApiException.invalidFields(refusal.fields()).withProperty("reason", refusal.reason());
        }
        if (refusal.reason().equals("SCAN_ID_REUSED")) {
            return ApiException.conflict(refusal.message()).withProperty("reason", refusal.reason());
        }
        String title = refusal.reason().equals("UNKNOWN_ATTENDEE") ? "Unknown visitor" : "Badge rejected";
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, title, refusal.message()).withProperty("reason", refusal.reason());
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
            throw problem(new Refusal(ATTENDEE_ERASED, "This visitor's data was erased at their request: the badge is no longer valid",
                    Map.of()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(NOT_CONFIRMED);
        } catch (ExecutionException | TimeoutException | KafkaException | org.springframework.kafka.KafkaException e) {
            // Spring's template throws its own KafkaException for a send it could not even start.
            throw ApiException.unavailable(NOT_CONFIRMED);
        }
    }
}
