package io.expoleads.lead.attendee;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The attendee fields an organizer chooses to show exhibitors or not. The ids ({@code attendeeId},
 * {@code editionId}, {@code registrationId}) are always shown and are no choice; the contact fields
 * are shown only to the extent the visitor also agreed.
 */
enum AttendeeField {

    FIRST_NAME("firstName", false),
    LAST_NAME("lastName", false),
    COMPANY("company", false),
    JOB_TITLE("jobTitle", false),
    EMAIL("email", true),
    PHONE("phone", true),
    COUNTRY("country", false);

    /** Always visible: no setting hides them. */
    static final Set<String> ALWAYS_VISIBLE = Set.of("attendeeId", "editionId", "registrationId");

    private final String fieldName;
    private final boolean contact;

    AttendeeField(String fieldName, boolean contact) {
        this.fieldName = fieldName;
        this.contact = contact;
    }

    /** The name in the API and in the attendee view, such as {@code jobTitle}. */
    String fieldName() {
        return fieldName;
    }

    /** Contact data, shown only to the exhibitors of a visitor who agreed to share it. */
    boolean contact() {
        return contact;
    }

    static Optional<AttendeeField> named(String name) {
        return Arrays.stream(values()).filter(field -> field.fieldName.equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(AttendeeField::fieldName).toList();
    }
}
