package io.expoleads.notification.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.testsupport.RenderedMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The digest in each of the exhibitor's languages, its counts with each language's plural forms. */
class DigestEmailLanguagesTest {

    private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");
    private static final Digests.DigestPeriod PERIOD = new Digests.DigestPeriod(Instant.parse("2026-11-24T08:00:00Z"),
            Instant.parse("2026-11-24T09:00:00Z"), "CSV");

    private final DigestEmails emails = new DigestEmails(null, null, null, null, null, null, new MailTemplates(), new ExpoMailProperties("leads@expo.test", Duration.ofSeconds(30)));

    @Test
    void a_digest_is_written_in_french() throws Exception {
        assertThat(subject(MailLanguage.FR, 1)).isEqualTo("Récapitulatif : 1 nouveau lead pour Atlas Mobility");
        assertThat(subject(MailLanguage.FR, 2)).isEqualTo("Récapitulatif : 2 nouveaux leads pour Atlas Mobility");
        RenderedMail mail = render(MailLanguage.FR, 1234);
        assertThat(mail.text()).contains("Nouveaux leads sur le stand de Atlas Mobility, 24 novembre 2026 09:00 – 24 novembre 2026 10:00"
                + " (Africa/Casablanca).").contains("Par note").contains("<html lang=\"fr\" dir=\"ltr\">");
    }

    @Test
    void a_digest_is_written_in_english() throws Exception {
        assertThat(subject(MailLanguage.EN, 1)).isEqualTo("Leads digest: 1 new lead for Atlas Mobility");
        assertThat(subject(MailLanguage.EN, 1234)).isEqualTo("Leads digest: 1,234 new leads for Atlas Mobility");
        RenderedMail mail = render(MailLanguage.EN, 3);
        assertThat(mail.text()).contains("New leads at the booth of Atlas Mobility, 24 November 2026, 09:00 – 24 November 2026, 10:00")
                .contains("The new leads are attached (leads.csv).").contains("<td align=\"right\">");
    }

    @Test
    void a_digest_is_written_in_arabic_with_its_six_plural_forms() throws Exception {
        assertThat(subject(MailLanguage.AR, 1)).isEqualTo("ملخّص العملاء المحتملين: عميل محتمل جديد واحد لـ Atlas Mobility");
        assertThat(subject(MailLanguage.AR, 2)).isEqualTo("ملخّص العملاء المحتملين: عميلان محتملان جديدان لـ Atlas Mobility");
        assertThat(subject(MailLanguage.AR, 3)).isEqualTo("ملخّص العملاء المحتملين: 3 عملاء محتملين جدد لـ Atlas Mobility");
        assertThat(subject(MailLanguage.AR, 103)).contains(": 103 عملاء محتملين جدد");
        assertThat(subject(MailLanguage.AR, 11)).contains(": 11 عميلاً محتملاً جديداً");
        assertThat(subject(MailLanguage.AR, 100)).contains(": 100 عميل محتمل جديد");
        RenderedMail mail = render(MailLanguage.AR, 3);
        assertThat(mail.text()).contains("عملاء محتملون جدد في جناح Atlas Mobility، 24 نونبر 2026")
                .contains("العملاء المحتملون الجدد في المرفق (leads.csv).").contains("<html lang=\"ar\" dir=\"rtl\">")
                .contains("<th colspan=\"2\" align=\"right\">").contains("<td align=\"left\">");
    }

    @ParameterizedTest
    @EnumSource(MailLanguage.class)
    void a_digest_is_complete_in_every_language(MailLanguage language) throws Exception {
        RenderedMail mail = render(language, 1234).isComplete(language.code(), language.direction());
        assertThat(mail.subject()).contains("1" + (language == MailLanguage.EN ? "," : ".") + "234").contains("Atlas Mobility");
        assertThat(mail.plain()).contains("★★★★★ (5/5): 1").contains("vip: 1").contains("Leila: 1" + (language == MailLanguage.EN ? "," : ".") + "234")
                .contains("(leads.csv)");
    }

    @Test
    void a_hostile_company_name_and_tag_are_escaped_in_the_html() throws Exception {
        DigestSummary summary = new DigestSummary(2, Map.of(5, 1L, 4, 0L, 3, 0L, 2, 0L, 1, 0L), 1L,
                List.of(Map.entry("<b>vip</b>", 1L)), List.of(Map.entry("Leila", 2L)));
        MimeMessage message = RenderedMail.blank();
        emails.write(message, MailLanguage.FR, "sales@atlas.ma", "<script>alert(1)</script> & Co", PERIOD, CASABLANCA, summary, "leads.csv");
        RenderedMail mail = RenderedMail.of(message);
        assertThat(mail.html()).doesNotContain("<script>").doesNotContain("<b>")
                .contains("le stand de &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co,").contains("&lt;b&gt;vip&lt;/b&gt;");
        assertThat(mail.subject()).isEqualTo("Récapitulatif : 2 nouveaux leads pour <script>alert(1)</script> & Co");
    }

    @Test
    void a_digest_without_tags_has_no_tag_section() throws Exception {
        DigestSummary summary = new DigestSummary(1, Map.of(5, 1L, 4, 0L, 3, 0L, 2, 0L, 1, 0L), 0L, List.of(), List.of(Map.entry("Leila", 1L)));
        MimeMessage message = RenderedMail.blank();
        emails.write(message, MailLanguage.EN, "sales@atlas.ma", "Atlas Mobility", PERIOD, CASABLANCA, summary, "leads.csv");
        RenderedMail mail = RenderedMail.of(message);
        assertThat(mail.plain()).doesNotContain("Top tags").contains("Not rated: 0\n\nLeads per staff member\nLeila: 1\n\nThe new leads");
        assertThat(mail.html()).doesNotContain("Top tags");
    }

    private String subject(MailLanguage language, int leads) throws Exception {
        return render(language, leads).subject();
    }

    private RenderedMail render(MailLanguage language, int leads) throws Exception {
        DigestSummary summary = new DigestSummary(leads, Map.of(5, 1L, 4, 0L, 3, 0L, 2, 0L, 1, 0L), leads - 1L,
                List.of(Map.entry("vip", 1L)), List.of(Map.entry("Leila", (long) leads)));
        MimeMessage message = RenderedMail.blank();
        emails.write(message, language, "sales@atlas.ma", "Atlas Mobility", PERIOD, CASABLANCA, summary, "leads.csv");
        return RenderedMail.of(message);
    }
}
