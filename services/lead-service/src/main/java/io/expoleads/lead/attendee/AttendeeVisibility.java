package io.expoleads.lead.attendee;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.expoleads.events.AttendeeView;

/**
 * What exhibitors of one edition see of its attendees: the fields the organizer chose, and of the
 * contact fields only those the visitor also agreed to share.
 */
record AttendeeVisibility(String editionId, Set<AttendeeField> visibleFields) {

    AttendeeVisibility {
        visibleFields = Set.copyOf(visibleFields);
    }

    /** The setting of an edition whose organizer never chose: every field. */
    static AttendeeVisibility everything(String editionId) {
        return new AttendeeVisibility(editionId, EnumSet.allOf(AttendeeField.class));
    }

    static AttendeeVisibility of(String editionId, Collection<AttendeeField> fields) {
        return new AttendeeVisibility(editionId, Set.copyOf(fields));
    }

    boolean shows(AttendeeField field) {
        return visibleFields.contains(field);
    }

    /** The visible field names, in the order of {@link AttendeeField}. */
    List<String> fieldNames() {
        return Arrays.stream(AttendeeField.values()).filter(this::shows).map(AttendeeField::fieldName).toList();
    }

    /**
     * The attendee as the exhibitors of this edition may see them: without contact fields when the
     * visitor withdrew sharing from every exhibitor.
     */
    AttendeeView apply(Attendee attendee) {
        return apply(attendee, null);
    }

    /** The attendee as this exhibitor (null: any exhibitor of the edition) may see them. */
    AttendeeView apply(Attendee attendee, String exhibitorId) {
        boolean contactAllowed = attendee.contactAllowedFor(exhibitorId);
        return new AttendeeView(attendee.id(), attendee.editionId(), attendee.registrationId(),
                value(attendee, AttendeeField.FIRST_NAME, attendee.firstName()),
                value(attendee, AttendeeField.LAST_NAME, attendee.lastName()),
                value(attendee, AttendeeField.COMPANY, attendee.company()),
                value(attendee, AttendeeField.JOB_TITLE, attendee.jobTitle()),
                contactAllowed ? value(attendee, AttendeeField.EMAIL, attendee.email()) : null,
                contactAllowed ? value(attendee, AttendeeField.PHONE, attendee.phone()) : null,
                value(attendee, AttendeeField.COUNTRY, attendee.country()),
                attendee.shareContact());
    }

    /**
     * A view kept earlier (on a lead, say) as these exhibitors may see it now: a field the
     * organizer has taken away since is dropped; nothing hidden then comes back.
     */
    AttendeeView apply(AttendeeView kept) {
        return new AttendeeView(kept.attendeeId(), kept.editionId(), kept.registrationId(),
                shows(AttendeeField.FIRST_NAME) ? kept.firstName() : null,
                shows(AttendeeField.LAST_NAME) ? kept.lastName() : null,
                shows(AttendeeField.COMPANY) ? kept.company() : null,
                shows(AttendeeField.JOB_TITLE) ? kept.jobTitle() : null,
                shows(AttendeeField.EMAIL) && kept.shareContact() ? kept.email() : null,
                shows(AttendeeField.PHONE) && kept.shareContact() ? kept.phone() : null,
                shows(AttendeeField.COUNTRY) ? kept.country() : null,
                kept.shareContact());
    }

    private String value(Attendee attendee, AttendeeField field, String value) {
        boolean agreed = !field.contact() || attendee.shareContact();
        return agreed && shows(field) ? value : null;
    }
}
