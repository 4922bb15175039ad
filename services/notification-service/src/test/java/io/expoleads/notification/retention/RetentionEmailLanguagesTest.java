package io.expoleads.notification.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import io.expoleads.notification.email.RenderedMail;
import io.expoleads.platform.mail.MailLanguage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/** The retention reminder in each of the exhibitor's languages, the days left with its plural forms. */
class RetentionEmailLanguagesTest {

    private final RetentionEmails emails = new RetentionEmails(null, null, null, Clock.systemUTC(), "leads@expo.test",
            "https://expo.test/");

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

    private RenderedMail render(MailLanguage language, long days) throws Exception {
        MimeMessage message = RenderedMail.blank();
        // The date as the caller wrote it (EditionZones, in the exhibitor's language); a fixed one here.
        emails.write(message, language, "admin@atlas.ma", "SCEC 2026", "Atlas Mobility", "24 mai 2027", days);
        return RenderedMail.of(message);
    }
}
