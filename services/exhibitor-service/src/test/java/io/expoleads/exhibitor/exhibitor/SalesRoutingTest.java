package io.expoleads.exhibitor.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.expoleads.events.NotificationSettings;
import org.junit.jupiter.api.Test;

class SalesRoutingTest {

    private static final ExhibitorProfile PROFILE = new ExhibitorProfile("Atlas Mobility", null, Sector.MOBILITY, null, "MA",
            "Salma", "salma@atlas.example", "fr", List.of("sales@atlas.example"), null, null);

    @Test
    void before_any_settings_every_lead_goes_at_once_to_the_applications_sales_team() {
        assertThat(SalesRouting.UNSET.salesEmails(PROFILE)).containsExactly("sales@atlas.example");
        assertThat(SalesRouting.UNSET.inForce(PROFILE))
                .isEqualTo(new NotificationSettings(List.of("sales@atlas.example"), "ALL", null, "OFF", null, "CSV"));
    }

    @Test
    void the_admins_settings_replace_the_application_and_the_same_ones_again_change_nothing() {
        NotificationSettings daily = new NotificationSettings(List.of("leads@atlas.example"), "NONE", null, "DAILY", "18:00", "XLSX");
        SalesRouting routing = SalesRouting.UNSET.changedTo(daily).orElseThrow();
        assertThat(routing.salesEmails(PROFILE)).containsExactly("leads@atlas.example");
        assertThat(routing.inForce(PROFILE)).isEqualTo(daily);
        assertThat(routing.changedTo(new NotificationSettings(List.of("leads@atlas.example"), "NONE", null, "DAILY", "18:00", "XLSX")))
                .isEmpty();
    }
}
