package io.expoleads.lead.attendee;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.expoleads.lead.edition.EditionCalendar;
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
 * Which attendee fields the exhibitors of an edition see: chosen by the organizer, readable by the
 * exhibitors' accounts so their apps know what to expect. Every field until the organizer chooses.
 */
@RestController
class AttendeeVisibilityController {

    private static final String PATH = "/api/editions/{editionId}/attendee-visibility";

    private final AttendeeVisibilities visibilities;
    private final EditionCalendar editions;

    AttendeeVisibilityController(AttendeeVisibilities visibilities, EditionCalendar editions) {
        this.visibilities = visibilities;
        this.editions = editions;
    }

    /**
     * @param visibleFields among firstName, lastName, company, jobTitle, email, phone, country;
     *                      attendeeId, editionId and registrationId are always visible
     */
    record VisibilitySetting(List<String> visibleFields) {
    }

    /** The setting in force, with its edition. */
    record VisibilityAnswer(String editionId, List<String> visibleFields) {

        static VisibilityAnswer of(AttendeeVisibility visibility) {
            return new VisibilityAnswer(visibility.editionId(), visibility.fieldNames());
        }
    }

    @GetMapping(PATH)
    VisibilityAnswer read(@PathVariable String editionId, @AuthenticationPrincipal Jwt token) {
        // Every signed-in account may ask: only the organizer, who opens editions, is worth a wait for one just opened.
        if (Tenant.of(token).is("ORGANIZER")) {
            editions.require(editionId);
        } else {
            editions.requireNow(editionId);
        }
        return VisibilityAnswer.of(visibilities.forEdition(editionId));
    }

    @PutMapping(PATH)
    VisibilityAnswer choose(@PathVariable String editionId, @RequestBody VisibilitySetting setting) {
        editions.require(editionId);
        return VisibilityAnswer.of(visibilities.choose(editionId, fields(setting.visibleFields())));
    }

    /** The chosen fields, refusing a name that is no field, or an always-visible one. */
    static Set<AttendeeField> fields(List<String> names) {
        if (names == null) {
            throw ApiException.invalidField("visibleFields", "is required: the fields exhibitors see, possibly none");
        }
        Set<AttendeeField> fields = EnumSet.noneOf(AttendeeField.class);
        for (int index = 0; index < names.size(); index++) {
            String name = names.get(index);
            String field = "visibleFields[" + index + "]";
            if (name != null && AttendeeField.ALWAYS_VISIBLE.contains(name)) {
                throw ApiException.invalidField(field, name + " is always visible and is not a choice");
            }
            fields.add(AttendeeField.named(name).orElseThrow(() -> ApiException.invalidField(field,
                    "is not an attendee field; the fields are " + String.join(", ", AttendeeField.names()))));
        }
        return fields;
    }
}
