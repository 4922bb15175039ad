package io.expoleads.lead.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.mail.SimpleMailMessage;

/** The visitor's sign-in link email in each of the three languages, its link opening the page in it. */
class VisitorLinkEmailLanguagesTest {

    private static final Instant UNTIL = Instant.parse("2026-11-24T09:30:00Z");

    private final VisitorLinkEmails emails = new VisitorLinkEmails(null, "privacy@expo.test", "https://expo.test/");

    @Test
    void the_link_is_sent_in_french() {
        SimpleMailMessage mail = emails.compose("v@example.ma", "fr", "CODE", UNTIL);
        assertThat(mail.getSubject()).isEqualTo("Votre lien Expo Leads : consultez et gérez vos données");
        assertThat(mail.getText()).contains("jusqu'à 10:30, heure de Casablanca").contains("https://expo.test/privacy/?lang=fr#code=CODE");
    }

    @Test
    void the_link_is_sent_in_english() {
        SimpleMailMessage mail = emails.compose("v@example.ma", "en", "CODE", UNTIL);
        assertThat(mail.getSubject()).isEqualTo("Your Expo Leads link: see and manage your data");
        assertThat(mail.getText()).contains("until 10:30 Casablanca time").contains("https://expo.test/privacy/?lang=en#code=CODE");
    }

    @Test
    void the_link_is_sent_in_arabic() {
        SimpleMailMessage mail = emails.compose("v@example.ma", "ar", "CODE", UNTIL);
        assertThat(mail.getSubject()).isEqualTo("رابط Expo Leads: اطّلع على بياناتك وتحكّم فيها");
        assertThat(mail.getText()).contains("حتى الساعة 10:30 بتوقيت الدار البيضاء").contains("https://expo.test/privacy/?lang=ar#code=CODE");
    }
}
