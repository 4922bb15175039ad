package io.expoleads.exhibitor.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.platform.web.ExpoWebProperties;
import io.expoleads.testsupport.RenderedMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.util.unit.DataSize;

/** The applicant's emails (received, approved, not accepted) in each of the three languages. */
class ApplicantEmailLanguagesTest {

    private static final String[] KINDS = {"SUBMITTED", "APPROVED", "REJECTED"};

    private final ApplicantMail mail = new ApplicantMail(null, null, new ExpoMailProperties("organizer@expo.test", Duration.ofMinutes(1)),
            new ExpoWebProperties("https://expo.test", DataSize.ofMegabytes(16)), null, null, new MailTemplates());

    @Test
    void the_applicant_is_written_to_in_french() throws Exception {
        assertThat(render(MailLanguage.FR, "SUBMITTED").subject()).isEqualTo("Candidature reçue : Atlas Mobility");
        assertThat(render(MailLanguage.FR, "APPROVED").plain()).contains("inviter l'équipe de votre stand")
                .contains("https://expo.test/dashboard/#team");
        RenderedMail rejected = render(MailLanguage.FR, "REJECTED");
        assertThat(rejected.subject()).isEqualTo("Candidature non retenue : Atlas Mobility");
        assertThat(rejected.plain()).isEqualTo("La candidature de Atlas Mobility n'a pas été retenue. Motif : Hors thème\n");
    }

    @Test
    void the_applicant_is_written_to_in_english() throws Exception {
        assertThat(render(MailLanguage.EN, "SUBMITTED").subject()).isEqualTo("We received the application of Atlas Mobility");
        assertThat(render(MailLanguage.EN, "APPROVED").subject()).isEqualTo("Application approved: Atlas Mobility");
        assertThat(render(MailLanguage.EN, "REJECTED").plain()).isEqualTo("The application of Atlas Mobility was not accepted. Reason: Hors thème\n");
    }

    @Test
    void the_applicant_is_written_to_in_arabic() throws Exception {
        RenderedMail submitted = render(MailLanguage.AR, "SUBMITTED");
        assertThat(submitted.subject()).isEqualTo("استلمنا طلب Atlas Mobility");
        assertThat(submitted.plain()).contains("سيراجع المنظّم طلب Atlas Mobility قريباً.").contains("https://expo.test/dashboard/");
        assertThat(render(MailLanguage.AR, "APPROVED").plain()).startsWith("قُبلت Atlas Mobility عارضاً.")
                .contains("https://expo.test/dashboard/#team");
        assertThat(render(MailLanguage.AR, "REJECTED").plain()).isEqualTo("لم يُقبل طلب Atlas Mobility. السبب: Hors thème\n");
    }

    @ParameterizedTest
    @EnumSource(MailLanguage.class)
    void every_applicant_email_is_complete_in_every_language(MailLanguage language) throws Exception {
        for (String kind : KINDS) {
            RenderedMail email = render(language, kind).isComplete(language.code(), language.direction());
            assertThat(email.subject()).as(kind).contains("Atlas Mobility");
            assertThat(email.html()).as(kind).contains("Atlas Mobility");
        }
        assertThat(render(language, "SUBMITTED").html()).contains("<a href=\"https://expo.test/dashboard/\">");
        assertThat(render(language, "APPROVED").html()).contains("<a href=\"https://expo.test/dashboard/#team\">");
        assertThat(render(language, "REJECTED").html()).contains("Hors thème");
    }

    @Test
    void a_hostile_company_name_and_reason_are_escaped_in_the_html() throws Exception {
        MimeMessage message = RenderedMail.blank();
        mail.write(message, MailLanguage.FR, "contact@atlas.ma", "REJECTED", "<script>alert(1)</script> & Co", "<b>non</b>");
        RenderedMail rejected = RenderedMail.of(message);
        assertThat(rejected.html()).doesNotContain("<script>").doesNotContain("<b>")
                .contains("La candidature de &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co n&#39;a pas été retenue.")
                .contains("&lt;b&gt;non&lt;/b&gt;");
        assertThat(rejected.plain()).isEqualTo("La candidature de <script>alert(1)</script> & Co n'a pas été retenue. Motif : <b>non</b>\n");
    }

    private RenderedMail render(MailLanguage language, String kind) throws Exception {
        MimeMessage message = RenderedMail.blank();
        mail.write(message, language, "contact@atlas.ma", kind, "Atlas Mobility", "Hors thème");
        return RenderedMail.of(message);
    }
}
