package io.expoleads.exhibitor.exhibitor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.expoleads.events.ExhibitorStatus;
import io.expoleads.exhibitor.edition.EditionDirectory;
import io.expoleads.platform.web.ApiException;
import io.expoleads.platform.web.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An edition's exhibitors for the organizer, the applications to review first among them: by
 * status, oldest application first, so the queue reads in the order applicants waited. The cursor
 * carries the last item's application time and id (keyset paging), so a page stays right while
 * exhibitors keep applying and changing status.
 */
@RestController
class EditionExhibitorsController {

    private final ExhibitorStore store;
    private final EditionDirectory editions;

    EditionExhibitorsController(ExhibitorStore store, EditionDirectory editions) {
        this.store = store;
        this.editions = editions;
    }

    /** An exhibitor as a list shows it: its profile and standing, without staff, history or settings. */
    record ExhibitorSummary(String id, String editionId, long revision, ExhibitorStatus status, ExhibitorProfile profile,
                            String boothCode, int seats, String rejectionReason, Instant createdAt) {

        static ExhibitorSummary of(Exhibitor exhibitor) {
            return new ExhibitorSummary(exhibitor.id(), exhibitor.editionId(), exhibitor.revision(), exhibitor.status(),
                    exhibitor.profile(), exhibitor.boothCode(), exhibitor.team().seats(), exhibitor.rejectionReason(), exhibitor.createdAt());
        }
    }

    /** @param status DRAFT, SUBMITTED (the applications to review), APPROVED, REJECTED or WITHDRAWN; all when absent */
    @GetMapping("/api/editions/{editionId}/exhibitors")
    Page<ExhibitorSummary> list(@PathVariable String editionId, @RequestParam(required = false) String status,
                                @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        int size = Page.limit(limit);
        ExhibitorStatus wanted = status(status);
        if (!editions.exists(editionId)) {
            throw ApiException.notFound("Edition", editionId);
        }
        Position after = Position.of(cursor);
        List<ExhibitorSummary> fetched = store.ofEdition(editionId, wanted, after == null ? null : after.createdAt(),
                after == null ? null : after.id(), size + 1).stream().map(ExhibitorSummary::of).toList();
        return Page.of(fetched, size, summary -> new Position(summary.createdAt(), summary.id()).cursor());
    }

    private static ExhibitorStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ExhibitorStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("status", "must be one of " + Arrays.toString(ExhibitorStatus.values()));
        }
    }

    /** Where a page ends: the last exhibitor's application time and id. */
    private record Position(Instant createdAt, String id) {

        String cursor() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Position of(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                return new Position(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))), text.substring(colon + 1));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw ApiException.invalidField("cursor", "is not a cursor this list gave");
            }
        }
    }
}
