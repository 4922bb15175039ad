package io.expoleads.lead.attendee;

import java.util.List;

import io.expoleads.platform.web.ApiException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Registration imports into the badge directory. */
@RestController
class AttendeeController {

    static final int MAX_ROWS = 30_000;

    private final AttendeeDirectory directory;

    AttendeeController(AttendeeDirectory directory) {
        this.directory = directory;
    }

    @PostMapping(path = "/api/editions/{editionId}/attendees/import", consumes = "application/json")
    ImportReport importJson(@PathVariable String editionId, @RequestBody List<Registration> registrations) {
        if (registrations.size() > MAX_ROWS) {
            throw ApiException.invalid("An import holds at most " + MAX_ROWS + " rows; this one has " + registrations.size());
        }
        return directory.importRegistrations(editionId, registrations);
    }
}
