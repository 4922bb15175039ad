package io.expoleads.lead.scanner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.expoleads.lead.edition.EditionCalendar;
import io.expoleads.lead.exhibitor.BoothExhibitor;
import io.expoleads.lead.exhibitor.BoothExhibitors;
import io.expoleads.platform.readmodel.KnownIds;
import io.expoleads.platform.security.Tenant;
import io.expoleads.platform.web.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The state of booth scanners, so no scan is left behind on a phone: each scanner reports what
 * still waits on it, its exhibitor's team sees every phone and device, the organizer's help desk
 * sees every exhibitor with scans waiting.
 */
@RestController
class ScannerStateController {

    /** More scans than any phone could hold: a count beyond it is a broken client. */
    static final long MAX_UNSENT = 1_000_000;
    static final int MAX_VERSION_LENGTH = 40;
    /** Device clocks drift; a time this far ahead of the server's is no clock drift. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private final ScannerStates states;
    private final BoothExhibitors exhibitors;
    private final EditionCalendar editions;
    private final Clock clock;

    ScannerStateController(ScannerStates states, BoothExhibitors exhibitors, EditionCalendar editions, Clock clock) {
        this.states = states;
        this.exhibitors = exhibitors;
        this.editions = editions;
        this.clock = clock;
    }

    /**
     * The calling scanner's report about the phone it runs on: 200 with the state as kept. The same
     * checks as a scan's upload decide who may report (a staff member holding a seat, a device set
     * up), except that an exhibitor not approved may: its scans wait on the phones all the more.
     */
    @PutMapping("/api/scanners/{phoneId}/state")
    ScannerState report(@PathVariable String phoneId, @RequestBody ScannerReport report, @AuthenticationPrincipal Jwt token) {
        Tenant scanner = Tenant.of(token);
        String phone = phoneIdOf(phoneId);
        BoothExhibitor exhibitor = exhibitors.find(scanner.exhibitorId())
                .orElseThrow(() -> ApiException.notFound("Exhibitor", scanner.exhibitorId()).withProperty("reason", "UNKNOWN_EXHIBITOR"));
        exhibitor.requireOnTeam(scanner);
        check(report);
        boolean device = scanner.is("DEVICE");
        return states.report(exhibitor, phone, device ? "DEVICE" : "STAFF", device ? scanner.account() : scanner.staffId(), report);
    }

    /** Every phone and device of the exhibitor that reported, with what waits on it. */
    @GetMapping("/api/exhibitors/{exhibitorId}/scanners")
    List<ScannerState> ofExhibitor(@PathVariable String exhibitorId, @AuthenticationPrincipal Jwt token) {
        Tenant caller = Tenant.of(token);
        KnownIds.requireWellFormed("exhibitorId", exhibitorId);
        caller.requireMemberOf(exhibitorId, "Exhibitor", exhibitorId);
        BoothExhibitor exhibitor = exhibitors.require(exhibitorId);
        exhibitor.requireOnTeam(caller);
        return states.ofExhibitor(exhibitor);
    }

    /** The organizer's help desk: per exhibitor of the edition, the phones and devices with scans not sent yet. */
    @GetMapping("/api/editions/{editionId}/unsent-scans")
    UnsentScans unsent(@PathVariable String editionId) {
        editions.require(editionId);
        return new UnsentScans(editionId, states.withUnsent(editionId));
    }

    private static String phoneIdOf(String phoneId) {
        try {
            String parsed = UUID.fromString(phoneId).toString();
            if (parsed.equalsIgnoreCase(phoneId)) {
                return parsed;
            }
        } catch (IllegalArgumentException notAUuid) {
            // Answered below.
        }
        throw ApiException.invalidField("phoneId", "must be the scanner install's UUID").withProperty("reason", KnownIds.MALFORMED_ID);
    }

    /** Refuses a report no scanner could truly make, each with the reason a client acts on, storing nothing. */
    private void check(ScannerReport report) {
        Map<String, String> problems = new LinkedHashMap<>();
        String reason = null;
        if (report.appVersion() == null || report.appVersion().length() > MAX_VERSION_LENGTH
                || !VERSION.matcher(report.appVersion()).matches()) {
            problems.put("appVersion", "must be 1 to " + MAX_VERSION_LENGTH + " letters, digits and . _ + -");
            reason = "APP_VERSION_INVALID";
        }
        Instant latest = clock.instant().plus(FUTURE_TOLERANCE);
        for (Map.Entry<String, Instant> time : times(report).entrySet()) {
            if (time.getValue() != null && (time.getValue().isBefore(EARLIEST) || time.getValue().isAfter(latest))) {
                problems.put(time.getKey(), "must be a time between 2000 and a day from now");
                reason = "TIME_OUT_OF_RANGE";
            }
        }
        if (report.unsent() == null || report.unsent() < 0 || report.unsent() > MAX_UNSENT) {
            problems.put("unsent", "must be a count from 0 to " + MAX_UNSENT);
            reason = "UNSENT_OUT_OF_RANGE";
        } else if ((report.unsent() > 0) != (report.oldestUnsentAt() != null)) {
            problems.put("oldestUnsentAt", "is required when scans wait, and only then");
            reason = "OLDEST_UNSENT_MISMATCH";
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalidFields(problems).withProperty("reason", reason);
        }
    }

    private static Map<String, Instant> times(ScannerReport report) {
        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("oldestUnsentAt", report.oldestUnsentAt());
        times.put("lastUploadAt", report.lastUploadAt());
        return times;
    }
}
