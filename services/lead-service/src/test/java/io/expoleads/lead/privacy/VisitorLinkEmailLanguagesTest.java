package io.expoleads.lead.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.testsupport.RenderedMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The visitor's sign-in link email in each of the three languages, its link opening the page in it. */
class VisitorLinkEmailLanguagesTest {

    private static final Instant UNTIL = Instant.parse("2026-11-24T09:30:00Z");

    private final VisitorLinkEmails emails = new VisitorLinkEmails(null, new MailTemplates(), "privacy@expo.test", "https://expo.test/");

    @Test
    void the_link_is_sent_in_french() throws Exception {
        RenderedMail mail = render("fr");
        assertThat(mail.subject()).isEqualTo("Votre lien Expo Leads : consultez et gérez vos données");
        assertThat(mail.plain()).contains("jusqu'à 10:30, heure de Casablanca").contains("https://expo.test/privacy/?lang=fr#code=CODE");
    }

    @Test
    void the_link_is_sent_in_english() throws Exception {
        RenderedMail mail = render("en");
        assertThat(mail.subject()).isEqualTo("Your Expo Leads link: see and manage your data");
        assertThat(mail.plain()).contains("until 10:30 Casablanca time").contains("https://expo.test/privacy/?lang=en#code=CODE");
    }

    @Test
    void the_link_is_sent_in_arabic() throws Exception {
        RenderedMail mail = render("ar");
        assertThat(mail.subject()).isEqualTo("رابط Expo Leads: اطّلع على بياناتك وتحكّم فيها");
        assertThat(mail.plain()).contains("حتى الساعة 10:30 بتوقيت الدار البيضاء").contains("https://expo.test/privacy/?lang=ar#code=CODE");
    }

    @Test
    void the_services_message_files_have_the_same_words_in_every_language() throws Exception {
        RenderedMail.sameWordsInEveryLanguage("fr", "en", "ar");
    }

    @ParameterizedTest
    @EnumSource(MailLanguage.class)
    void the_link_email_is_complete_in_every_language(MailLanguage language) throws Exception {
        RenderedMail mail = render(language.code()).isComplete(language.code(), language.direction());
        String link = "https://expo.test/privacy/?lang=" + language.code() + "#code=CODE";
        assertThat(mail.plain()).contains("\n\n" + link + "\n\n").contains("10:30");
        assertThat(mail.html()).contains("<a href=\"" + link + "\">").contains("10:30");
    }

    @Test
    void an_unknown_language_gets_the_french_email_and_page() throws Exception {
        RenderedMail mail = render("xx");
        assertThat(mail.subject()).isEqualTo("Votre lien Expo Leads : consultez et gérez vos données");
        assertThat(mail.plain()).contains("https://expo.test/privacy/?lang=fr#code=CODE");
    }

    private RenderedMail render(String language) throws Exception {
        MimeMessage message = RenderedMail.blank();
        emails.write(message, "v@example.ma", language, "CODE", UNTIL);
        return RenderedMail.of(message);
    }
}
