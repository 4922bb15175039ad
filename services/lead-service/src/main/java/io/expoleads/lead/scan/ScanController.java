package io.expoleads.lead.scan;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.expoleads.platform.security.Tenant;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
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
     * The exhibitor, the staff member and the device come from the access token, never from here.
     *
     * @param scanId    made by the scanner, so a retried scan is recognised
     * @param badge     the badge payload read from the QR code
     * @param scannedAt the scanner's clock
     */
    record ScanRequest(
            @NotNull UUID scanId,
            @NotBlank @Size(max = 2000) String badge,
            @NotNull Instant scannedAt) {
    }

    @PostMapping("/api/scans")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ScanReceipt scan(@Valid @RequestBody ScanRequest request, @AuthenticationPrincipal Jwt token) {
        return desk.accept(request, Tenant.of(token));
    }
}
