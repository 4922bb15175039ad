package io.expoleads.exhibitor.edition;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.expoleads.events.EditionView;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Editions of the fair, opened and kept up to date by the organizer. */
@RestController
@RequestMapping("/api/editions")
class EditionController {

    private static final String DEFAULT_TIME_ZONE = "Africa/Casablanca";
    private static final List<String> DEFAULT_LANGUAGES = List.of("fr", "en", "ar");
    /** Region ids such as Africa/Casablanca; fixed offsets such as +01:00 are not among them. */
    private static final Set<String> TIME_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    private final Editions editions;

    EditionController(Editions editions) {
        this.editions = editions;
    }

    record OpenEdition(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String venue,
            @NotNull LocalDate startDate,
            @NotNull LocalDate endDate,
            @Size(max = 64) String timeZone,
            @Size(max = 10) List<@Pattern(regexp = "[a-z]{2}", message = "must be an ISO 639-1 code such as fr") String> languages,
            @Size(max = 50) List<@NotBlank @Size(max = 50) String> halls,
            Integer retentionMonths) {
    }

    /** The fields to change; absent ones stay as they are. */
    record EditionChanges(
            @Size(min = 1, max = 200) String name,
            @Size(min = 1, max = 200) String venue,
            LocalDate startDate,
            LocalDate endDate,
            @Size(max = 64) String timeZone,
            @Size(min = 1, max = 10) List<@Pattern(regexp = "[a-z]{2}", message = "must be an ISO 639-1 code such as fr") String> languages,
            @Size(max = 50) List<@NotBlank @Size(max = 50) String> halls,
            Integer retentionMonths) {
    }

    /** An edition as the API shows it: its details and revision, without its pending events. */
    record EditionResponse(String id, long revision, String name, String venue, LocalDate startDate, LocalDate endDate,
                           String timeZone, List<String> languages, List<String> halls, int retentionMonths,
                           int maxRetentionMonths, Instant purgeAt) {

        static EditionResponse of(Edition edition) {
            return new EditionResponse(edition.id(), edition.revision(), edition.name(), edition.venue(), edition.startDate(),
                    edition.endDate(), edition.timeZone(), edition.languages(), edition.halls(), edition.retention(),
                    EditionView.DEFAULT_RETENTION_MONTHS, edition.purgeAt());
        }
    }

    @PostMapping
    ResponseEntity<EditionResponse> open(@Valid @RequestBody OpenEdition request) {
        String zone = request.timeZone() == null || request.timeZone().isBlank() ? DEFAULT_TIME_ZONE : timeZone(request.timeZone());
        Edition edition = editions.open(checked(new Edition(UUID.randomUUID().toString(), 0, request.name().strip(),
                request.venue().strip(), request.startDate(), request.endDate(), zone,
                request.languages() == null || request.languages().isEmpty() ? DEFAULT_LANGUAGES : request.languages(),
                request.halls(), request.retentionMonths() == null ? null : Integer.valueOf(retention(request.retentionMonths())), null)));
        return ResponseEntity.created(URI.create("/api/editions/" + edition.id())).body(EditionResponse.of(edition));
    }

    @GetMapping("/{editionId}")
    EditionResponse read(@PathVariable String editionId) {
        return EditionResponse.of(editions.find(editionId).orElseThrow(() -> ApiException.notFound("Edition", editionId)));
    }

    @GetMapping
    Page<EditionResponse> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        int size = Page.limit(limit);
        // One more than the page, so the page knows whether another follows.
        List<EditionResponse> fetched = editions.after(cursor == null || cursor.isBlank() ? null : cursor, size + 1).stream()
                .map(EditionResponse::of).toList();
        return Page.of(fetched, size, EditionResponse::id);
    }

    /** Changes the edition and publishes EditionChanged; a change that alters nothing publishes nothing. */
    @PatchMapping("/{editionId}")
    EditionResponse change(@PathVariable String editionId, @Valid @RequestBody EditionChanges changes) {
        return EditionResponse.of(editions.change(editionId, current -> checked(new Edition(current.id(), current.revision(),
                changes.name() == null ? current.name() : changes.name().strip(),
                changes.venue() == null ? current.venue() : changes.venue().strip(),
                changes.startDate() == null ? current.startDate() : changes.startDate(),
                changes.endDate() == null ? current.endDate() : changes.endDate(),
                changes.timeZone() == null ? current.timeZone() : timeZone(changes.timeZone()),
                changes.languages() == null ? current.languages() : changes.languages(),
                changes.halls() == null ? current.halls() : changes.halls(),
                changes.retentionMonths() == null ? current.retentionMonths() : Integer.valueOf(retention(changes.retentionMonths())),
                current.outbox()))));
    }

    /** What bean validation cannot see: names blank once stripped, and the order of the dates. */
    private static Edition checked(Edition edition) {
        if (edition.name().isBlank()) {
            throw ApiException.invalidField("name", "must not be blank");
        }
        if (edition.venue().isBlank()) {
            throw ApiException.invalidField("venue", "must not be blank");
        }
        if (edition.endDate().isBefore(edition.startDate())) {
            throw ApiException.invalidField("endDate", "is before startDate");
        }
        return edition;
    }

    /**
     * A retention the organizer may choose: at least a month, so exhibitors can export their leads
     * after the fair, and never beyond the default, which is what visitors were told at registration.
     */
    private static int retention(int months) {
        if (months < 1) {
            throw ApiException.invalidField("retentionMonths", "must be at least 1 month")
                    .withProperty("reason", "RETENTION_TOO_SHORT");
        }
        if (months > EditionView.DEFAULT_RETENTION_MONTHS) {
            throw ApiException.invalidField("retentionMonths", "must be at most " + EditionView.DEFAULT_RETENTION_MONTHS
                    + " months: retention may be shortened, never lengthened beyond the default")
                    .withProperty("reason", "RETENTION_TOO_LONG");
        }
        return months;
    }

    /** A zone of the IANA time zone database, so the fair's days follow its rules (Morocco's Ramadan hour included). */
    private static String timeZone(String requested) {
        if (!TIME_ZONES.contains(requested)) {
            throw ApiException.invalidField("timeZone",
                    "'" + requested + "' is not an IANA time zone id such as " + DEFAULT_TIME_ZONE);
        }
        return requested;
    }
}
