package io.expoleads.lead.scan;

import java.time.Clock;
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
import io.expoleads.platform.web.ApiException;
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

    ScanReceipt accept(ScanController.ScanRequest request) {
        String scanId = request.scanId().toString();
        Optional<Lead> alreadyHeld = leads.findByScan(scanId);
        if (alreadyHeld.isPresent()) {
            return ScanReceipt.duplicate(scanId, alreadyHeld.get());
        }
        BoothExhibitor exhibitor = exhibitors.find(request.exhibitorId())
                .orElseThrow(() -> ApiException.notFound("Exhibitor", request.exhibitorId()));
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
        Instant now = clock.instant();
        ScanAccepted scan = new ScanAccepted(scanId, exhibitor.id(), exhibitor.editionId(), attendee.id(),
                request.staffId(), request.deviceId(), request.scannedAt(), now);
        publish(scan, now);
        Optional<Lead> existing = leads.find(Lead.idOf(exhibitor.id(), attendee.id()));
        return ScanReceipt.accepted(scanId, Lead.idOf(exhibitor.id(), attendee.id()), attendee.visibleToExhibitors(),
                existing.orElse(null));
    }

    private void publish(ScanAccepted scan, Instant now) {
        UUID eventId = Contract.deterministicId(Topics.SCANS, scan.scanId());
        EventEnvelope<ScanAccepted> event = EventEnvelope.of(eventId, EventTypes.SCAN_ACCEPTED, now,
                scan.editionId(), scan.exhibitorId(), scan);
        try {
            kafka.send(Topics.SCANS, scan.exhibitorId(), event).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("The scan was not stored; send it again with the same scanId");
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.unavailable("The scan was not stored; send it again with the same scanId");
        }
    }
}
