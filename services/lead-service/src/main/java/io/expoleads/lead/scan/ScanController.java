package io.expoleads.lead.scan;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.expoleads.platform.security.Tenant;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Badge scans from booth scanners, one at a time or as an offline queue. */
@RestController
class ScanController {

    static final int MAX_BATCH = 1000;

    private final ScanDesk desk;
    private final ScanMeters meters;
    private final OfflineQueueGate offlineQueues;

    ScanController(ScanDesk desk, ScanMeters meters, OfflineQueueGate offlineQueues) {
        this.desk = desk;
        this.meters = meters;
        this.offlineQueues = offlineQueues;
    }

    /** An offline queue: up to {@value #MAX_BATCH} scans, each with the scanner's own scanId. */
    record ScanBatch(@NotNull @Size(min = 1, max = MAX_BATCH) List<@NotNull @Valid ScanRequest> scans) {
    }

    /** 202 once the scan is on Kafka (or was before: DUPLICATE); a refused scan is a problem detail. */
    @PostMapping("/api/scans")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ScanReceipt scan(@Valid @RequestBody ScanRequest request, @AuthenticationPrincipal Jwt token) {
        Tenant tenant = Tenant.of(token);
        // The scan's ids on this request's log lines (never the visitor's: the badge is not logged).
        try (MDC.MDCCloseable exhibitor = MDC.putCloseable("exhibitorId", String.valueOf(tenant.exhibitorId()));
             MDC.MDCCloseable scan = MDC.putCloseable("scanId", String.valueOf(request.scanId()))) {
            return meters.single(() -> desk.accept(request, tenant));
        }
    }

    /**
     * 202 once every accepted scan is on Kafka, with a status per scan; 503 {@code SERVICE_BUSY}, nothing
     * taken, while this instance works on as many queues as it may ({@link OfflineQueueGate}).
     */
    @PostMapping("/api/scans/batch")
    @ResponseStatus(HttpStatus.ACCEPTED)
    BatchReceipt batch(@Valid @RequestBody ScanBatch batch, @AuthenticationPrincipal Jwt token) {
        Tenant tenant = Tenant.of(token);
        try (MDC.MDCCloseable exhibitor = MDC.putCloseable("exhibitorId", String.valueOf(tenant.exhibitorId()))) {
            return meters.batch(batch.scans().size(), () -> offlineQueues.take(() -> desk.acceptAll(batch.scans(), tenant)));
        }
    }
}
