package io.expoleads.lead.scan;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Badge scans from booth scanners. */
@RestController
class ScanController {

    private final ScanDesk desk;

    ScanController(ScanDesk desk) {
        this.desk = desk;
    }

    /**
     * @param scanId    made by the scanner, so a retried scan is recognised
     * @param badge     the badge payload read from the QR code
     * @param scannedAt the scanner's clock
     */
    record ScanRequest(
            @NotNull UUID scanId,
            @NotBlank @Size(max = 100) String exhibitorId,
            @NotBlank @Size(max = 2000) String badge,
            @NotNull Instant scannedAt,
            @Size(max = 100) String staffId,
            @Size(max = 100) String deviceId) {
    }

    @PostMapping("/api/scans")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ScanReceipt scan(@Valid @RequestBody ScanRequest request) {
        return desk.accept(request);
    }
}
