package io.expoleads.exhibitor.edition;

import java.net.URI;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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

    static final String COLLECTION = "editions";
    private static final String DEFAULT_TIME_ZONE = "Africa/Casablanca";
    private static final List<String> DEFAULT_LANGUAGES = List.of("fr", "en", "ar");

    private final MongoTemplate mongo;

    EditionController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    record OpenEdition(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String venue,
            @NotNull LocalDate startDate,
            @NotNull LocalDate endDate,
            @Size(max = 64) String timeZone,
            @Size(max = 10) List<@Pattern(regexp = "[a-z]{2}", message = "must be an ISO 639-1 code such as fr") String> languages,
            @Size(max = 50) List<@NotBlank @Size(max = 50) String> halls) {
    }

    /** The fields to change; absent ones stay as they are. */
    record EditionChanges(
            @Size(min = 1, max = 200) String name,
            @Size(min = 1, max = 200) String venue,
            LocalDate startDate,
            LocalDate endDate,
            @Size(max = 64) String timeZone,
            @Size(min = 1, max = 10) List<@Pattern(regexp = "[a-z]{2}", message = "must be an ISO 639-1 code such as fr") String> languages,
            @Size(max = 50) List<@NotBlank @Size(max = 50) String> halls) {
    }

    @PostMapping
    ResponseEntity<Edition> open(@Valid @RequestBody OpenEdition request) {
        String zone = request.timeZone() == null || request.timeZone().isBlank() ? DEFAULT_TIME_ZONE : request.timeZone();
        Edition edition = checked(new Edition(UUID.randomUUID().toString(), request.name().strip(), request.venue().strip(),
                request.startDate(), request.endDate(), zone,
                request.languages() == null || request.languages().isEmpty() ? DEFAULT_LANGUAGES : request.languages(),
                request.halls()));
        mongo.insert(edition, COLLECTION);
        return ResponseEntity.created(URI.create("/api/editions/" + edition.id())).body(edition);
    }

    @GetMapping("/{editionId}")
    Edition read(@PathVariable String editionId) {
        Edition edition = mongo.findById(editionId, Edition.class, COLLECTION);
        if (edition == null) {
            throw ApiException.notFound("Edition", editionId);
        }
        return edition;
    }

    @GetMapping
    Page<Edition> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        int size = Page.limit(limit);
        Query query = new Query().with(Sort.by("_id")).limit(size + 1);
        if (cursor != null && !cursor.isBlank()) {
            query.addCriteria(Criteria.where("_id").gt(cursor));
        }
        return Page.of(mongo.find(query, Edition.class, COLLECTION), size, Edition::id);
    }

    @PatchMapping("/{editionId}")
    Edition change(@PathVariable String editionId, @Valid @RequestBody EditionChanges changes) {
        Edition current = read(editionId);
        Edition changed = checked(new Edition(current.id(),
                changes.name() == null ? current.name() : changes.name().strip(),
                changes.venue() == null ? current.venue() : changes.venue().strip(),
                changes.startDate() == null ? current.startDate() : changes.startDate(),
                changes.endDate() == null ? current.endDate() : changes.endDate(),
                changes.timeZone() == null ? current.timeZone() : changes.timeZone(),
                changes.languages() == null ? current.languages() : changes.languages(),
                changes.halls() == null ? current.halls() : changes.halls()));
        mongo.save(changed, COLLECTION);
        return changed;
    }

    private static Edition checked(Edition edition) {
        if (edition.endDate().isBefore(edition.startDate())) {
            throw ApiException.invalid("endDate is before startDate");
        }
        try {
            ZoneId.of(edition.timeZone());
        } catch (DateTimeException e) {
            throw ApiException.invalid("timeZone '" + edition.timeZone() + "' is not a time zone id such as Africa/Casablanca");
        }
        return edition;
    }
}
