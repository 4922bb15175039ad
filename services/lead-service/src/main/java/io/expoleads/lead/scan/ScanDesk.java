package io.expoleads.lead.scan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
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
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.lead.lead.Lead;
import io.expoleads.lead.lead.LeadCapture;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import org.apache.kafka.common.KafkaException;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Where a badge scan is checked and accepted. A scan is acknowledged only once Kafka holds it on
 * {@code expo.scans.v1}: from then on it survives the crash of any one process.
 */
@Service
class ScanDesk {

    private static final long SEND_TIMEOUT_SECONDS = 10;
    private static final String NOT_CONFIRMED =
            "The scan could not be confirmed as stored; send it again with the same scanId, which is never counted twice";
    /** Device clocks are wrong sometimes, but not by decades; beyond these a date cannot be a scan's. */
    private static final Instant EARLIEST_DEVICE_TIME = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration LATEST_DEVICE_DRIFT = Duration.ofDays(366);

    private final BoothExhibitors exhibitors;
    private final AttendeeDirectory attendees;
    private final LeadCapture leads;
    private final KafkaTemplate<Object, Object> kafka;
    private final Clock clock = Clock.systemUTC();

    ScanDesk(BoothExhibitors exhibitors, AttendeeDirectory attendees, LeadCapture leads, KafkaTemplate<Object, Object> kafka) {
        this.exhibitors = exhibitors;
        this.attendees = attendees;
        this.leads = leads;
        this.kafka = kafka;
    }

    ScanReceipt accept(ScanController.ScanRequest request, Tenant scanner) {
        String scanId = request.scanId().toString();
        Instant now = clock.instant();
        if (request.scannedAt().isBefore(EARLIEST_DEVICE_TIME) || request.scannedAt().isAfter(now.plus(LATEST_DEVICE_DRIFT))) {
            throw ApiException.invalid("scannedAt " + request.scannedAt() + " is not a plausible device time");
        }
        if (scanner.exhibitorId() == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Not a scanner", "The token names no exhibitor to scan for");
        }
        BoothExhibitor exhibitor = exhibitors.find(scanner.exhibitorId())
                .orElseThrow(() -> ApiException.notFound("Exhibitor", scanner.exhibitorId()));
        if (scanner.is("STAFF") && !exhibitor.activeStaff().contains(scanner.staffId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Staff member revoked",
                    "This staff member no longer holds a seat at the exhibitor's booth");
        }
        if (scanner.is("DEVICE") && !exhibitor.activeDevices().contains(scanner.account())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Device revoked", "This device is no longer set up for the exhibitor's booth");
        }
        if (!exhibitor.mayCaptureLeads()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Exhibitor cannot scan",
                    "Exhibitor " + exhibitor.id() + " is " + exhibitor.status() + ", not APPROVED");
        }
        Attendee attendee = attendees.find(request.badge().strip())
                .orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown badge",
                        "No attendee holds this badge"));
        if (!attendee.editionId().equals(exhibitor.editionId())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Badge of another edition",
                    "The badge belongs to another edition than the exhibitor's");
        }
        // Scan ids are made by the scanning clients, so they are unique only within one exhibitor.
        Optional<Lead> alreadyHeld = leads.findByScan(exhibitor.id(), scanId);
        if (alreadyHeld.isPresent()) {
            if (!alreadyHeld.get().attendeeId().equals(attendee.id())) {
                throw ApiException.conflict("scanId " + scanId + " was already used for another badge");
            }
            return ScanReceipt.duplicate(scanId, alreadyHeld.get());
        }
        ScanAccepted scan = new ScanAccepted(scanId, exhibitor.id(), exhibitor.editionId(), attendee.id(),
                scanner.staffId(), scanner.is("DEVICE") ? scanner.account() : null, request.scannedAt(), now,
                null, null, null, null, null, null);
        publish(scan, now);
        Optional<Lead> existing = leads.find(Lead.idOf(exhibitor.id(), attendee.id()));
        return ScanReceipt.accepted(scanId, Lead.idOf(exhibitor.id(), attendee.id()), attendees.visibleToExhibitors(attendee),
                existing.orElse(null));
    }

    private void publish(ScanAccepted scan, Instant now) {
        UUID eventId = Contract.deterministicId(Topics.SCANS, scan.exhibitorId(), scan.scanId());
        EventEnvelope<ScanAccepted> event = EventEnvelope.of(eventId, EventTypes.SCAN_ACCEPTED, now,
                scan.editionId(), scan.exhibitorId(), scan);
        try {
            kafka.send(Topics.SCANS, scan.exhibitorId(), event).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(NOT_CONFIRMED);
        } catch (ExecutionException | TimeoutException | KafkaException | org.springframework.kafka.KafkaException e) {
            // Spring's template throws its own KafkaException for a send it could not even start.
            throw ApiException.unavailable(NOT_CONFIRMED);
        }
    }
}
