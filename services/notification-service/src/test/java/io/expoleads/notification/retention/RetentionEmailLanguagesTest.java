package io.expoleads.notification.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
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

/** The retention reminder in each of the exhibitor's languages, the days left with its plural forms. */
class RetentionEmailLanguagesTest {

    private final RetentionEmails emails = new RetentionEmails(null, null, null, Clock.systemUTC(), new MailTemplates(),
            new ExpoMailProperties("leads@expo.test", Duration.ofSeconds(30)), new ExpoWebProperties("https://expo.test/", DataSize.ofMegabytes(16)));

    @Test
    void a_reminder_is_written_in_french() throws Exception {
        RenderedMail mail = render(MailLanguage.FR, 7);
        assertThat(mail.subject()).isEqualTo("Vos leads de SCEC 2026 seront effacés le 24 mai 2027");
        assertThat(mail.text()).contains("(dans 7 jours)").contains("https://expo.test/dashboard/#leads");
        assertThat(render(MailLanguage.FR, 1).text()).contains("(dans 1 jour)");
    }

    @Test
    void a_reminder_is_written_in_english() throws Exception {
        RenderedMail mail = render(MailLanguage.EN, 30);
        assertThat(mail.subject()).isEqualTo("Your leads of SCEC 2026 will be erased on 24 mai 2027");
        assertThat(mail.text()).contains("(in 30 days)");
        assertThat(render(MailLanguage.EN, 1).text()).contains("(in 1 day)");
    }

    @Test
    void a_reminder_is_written_in_arabic_with_its_plural_forms() throws Exception {
        RenderedMail mail = render(MailLanguage.AR, 7);
        assertThat(mail.subject()).isEqualTo("سيُمحى عملاؤك المحتملون في SCEC 2026 يوم 24 mai 2027");
        assertThat(mail.text()).contains("(بعد 7 أيام)").contains("من لوحتك:");
        assertThat(render(MailLanguage.AR, 2).text()).contains("(بعد يومين)");
        assertThat(render(MailLanguage.AR, 30).text()).contains("(بعد 30 يوماً)");
        assertThat(render(MailLanguage.AR, 1).text()).contains("(بعد يوم واحد)");
    }

    @ParameterizedTest
    @EnumSource(MailLanguage.class)
    void a_reminder_is_complete_in_every_language(MailLanguage language) throws Exception {
        RenderedMail mail = render(language, 3).isComplete(language.code(), language.direction());
        assertThat(mail.plain()).contains("SCEC 2026").contains("Atlas Mobility").contains("https://expo.test/dashboard/#leads\n");
        assertThat(mail.html()).contains("<a href=\"https://expo.test/dashboard/#leads\">");
    }

    @Test
    void hostile_edition_and_company_names_are_escaped_in_the_html() throws Exception {
        MimeMessage message = RenderedMail.blank();
        emails.write(message, MailLanguage.FR, "admin@atlas.ma", "SCEC <i>2026</i>", "<script>alert(1)</script> & Co", "24 mai 2027", 3);
        RenderedMail mail = RenderedMail.of(message);
        assertThat(mail.html()).doesNotContain("<script>").doesNotContain("<i>")
                .contains("chaque lead de &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co.").contains("SCEC &lt;i&gt;2026&lt;/i&gt;");
        assertThat(mail.subject()).isEqualTo("Vos leads de SCEC <i>2026</i> seront effacés le 24 mai 2027");
    }

    private RenderedMail render(MailLanguage language, long days) throws Exception {
        MimeMessage message = RenderedMail.blank();
        // The date as the caller wrote it (EditionZones, in the exhibitor's language); a fixed one here.
        emails.write(message, language, "admin@atlas.ma", "SCEC 2026", "Atlas Mobility", "24 mai 2027", days);
        return RenderedMail.of(message);
    }
}
