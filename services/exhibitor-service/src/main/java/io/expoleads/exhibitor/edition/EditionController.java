package io.expoleads.exhibitor.edition;

import java.net.URI;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.expoleads.platform.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Editions of the fair, opened by the organizer. */
@RestController
@RequestMapping("/api/editions")
class EditionController {

    static final String COLLECTION = "editions";
    private static final String DEFAULT_TIME_ZONE = "Africa/Casablanca";

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
            List<@NotBlank @Size(max = 8) String> languages) {
    }

    @PostMapping
    ResponseEntity<Edition> open(@Valid @RequestBody OpenEdition request) {
        if (request.endDate().isBefore(request.startDate())) {
            throw ApiException.invalid("endDate is before startDate");
        }
        String zone = request.timeZone() == null || request.timeZone().isBlank() ? DEFAULT_TIME_ZONE : request.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ApiException.invalid("timeZone '" + zone + "' is not a time zone id such as Africa/Casablanca");
        }
        List<String> languages = request.languages() == null || request.languages().isEmpty()
                ? List.of("fr", "en", "ar") : List.copyOf(request.languages());
        Edition edition = new Edition(UUID.randomUUID().toString(), request.name().strip(), request.venue().strip(),
                request.startDate(), request.endDate(), zone, languages);
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
}
