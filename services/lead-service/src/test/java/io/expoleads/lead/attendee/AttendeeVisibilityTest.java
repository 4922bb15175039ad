package io.expoleads.lead.attendee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.expoleads.events.AttendeeView;
import io.expoleads.platform.web.ApiException;
import org.junit.jupiter.api.Test;

class AttendeeVisibilityTest {

    private static Attendee attendee(boolean shareContact) {
        return new Attendee("a-1", "e-1", "R-1", "Salma", "Benali", "Casa Transport", "Directrice", "salma@example.ma",
                "+212 600 000 000", "MA", shareContact, 3, null);
    }

    @Test
    void by_default_exhibitors_see_every_field_and_contact_data_only_with_consent() {
        AttendeeVisibility everything = AttendeeVisibility.everything("e-1");

        assertThat(everything.apply(attendee(true))).isEqualTo(attendee(true).view());
        AttendeeView withoutConsent = everything.apply(attendee(false));
        assertThat(withoutConsent.email()).isNull();
        assertThat(withoutConsent.phone()).isNull();
        assertThat(withoutConsent.firstName()).isEqualTo("Salma");
        assertThat(withoutConsent.country()).isEqualTo("MA");
        assertThat(withoutConsent.shareContact()).isFalse();
    }

    @Test
    void fields_the_organizer_hides_are_hidden_whatever_the_visitor_agreed() {
        AttendeeVisibility namesOnly = AttendeeVisibility.of("e-1", Set.of(AttendeeField.FIRST_NAME, AttendeeField.LAST_NAME));

        AttendeeView view = namesOnly.apply(attendee(true));

        assertThat(view).isEqualTo(new AttendeeView("a-1", "e-1", "R-1", "Salma", "Benali", null, null, null, null, null, true));
    }

    @Test
    void contact_data_needs_both_the_setting_and_the_consent() {
        AttendeeVisibility emailShown = AttendeeVisibility.of("e-1", Set.of(AttendeeField.EMAIL, AttendeeField.COMPANY));

        assertThat(emailShown.apply(attendee(true)).email()).isEqualTo("salma@example.ma");
        assertThat(emailShown.apply(attendee(true)).phone()).as("phone not shown").isNull();
        assertThat(emailShown.apply(attendee(false)).email()).as("no consent").isNull();
        assertThat(emailShown.apply(attendee(false)).company()).isEqualTo("Casa Transport");
    }

    @Test
    void the_ids_are_always_visible() {
        AttendeeView nothing = AttendeeVisibility.of("e-1", Set.of()).apply(attendee(true));

        assertThat(nothing).isEqualTo(new AttendeeView("a-1", "e-1", "R-1", null, null, null, null, null, null, null, true));
    }

    @Test
    void field_names_come_in_a_fixed_order() {
        assertThat(AttendeeVisibility.of("e-1", Set.of(AttendeeField.COUNTRY, AttendeeField.FIRST_NAME)).fieldNames())
                .containsExactly("firstName", "country");
        assertThat(AttendeeVisibility.everything("e-1").fieldNames())
                .containsExactly("firstName", "lastName", "company", "jobTitle", "email", "phone", "country");
    }

    @Test
    void a_setting_names_only_choosable_fields() {
        assertThat(AttendeeVisibilityController.fields(List.of("email", "company", "email")))
                .isEqualTo(EnumSet.of(AttendeeField.EMAIL, AttendeeField.COMPANY));
        assertThat(AttendeeVisibilityController.fields(List.of())).isEmpty();

        assertRefused(Arrays.asList("firstName", "badgeType"), "visibleFields[1]", "is not an attendee field");
        assertRefused(List.of("Email"), "visibleFields[0]", "is not an attendee field");
        assertRefused(List.of("registrationId"), "visibleFields[0]", "always visible");
        assertRefused(List.of("company", "attendeeId"), "visibleFields[1]", "always visible");
        assertRefused(Arrays.asList("company", null), "visibleFields[1]", "is not an attendee field");
        assertRefused(null, "visibleFields", "is required");
    }

    private static void assertRefused(List<String> names, String field, String message) {
        assertThatThrownBy(() -> AttendeeVisibilityController.fields(names))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.fieldErrors()).hasSize(1);
                    assertThat(e.fieldErrors().get(0).get("field")).isEqualTo(field);
                    assertThat(e.fieldErrors().get(0).get("message")).contains(message);
                });
    }
}
