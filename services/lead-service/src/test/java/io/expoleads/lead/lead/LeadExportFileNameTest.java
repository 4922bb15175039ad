package io.expoleads.lead.lead;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The company part of an export's file name: plain ASCII, whatever the company writes its name in. */
class LeadExportFileNameTest {

    @Test
    void a_company_name_becomes_a_lower_case_ascii_slug() {
        assertThat(LeadExportController.slug("Société Générale Maroc — Casa")).isEqualTo("societe-generale-maroc-casa");
        assertThat(LeadExportController.slug("  Atlas Mobility S.A.  ")).isEqualTo("atlas-mobility-s-a");
        assertThat(LeadExportController.slug("مجموعة الدار البيضاء")).isEmpty();
        assertThat(LeadExportController.slug("x".repeat(80))).hasSize(60);
    }
}
