package io.expoleads.exhibitor.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.web.ExpoWebProperties;
import org.junit.jupiter.api.Test;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.util.unit.DataSize;

/** The applicant's emails (received, approved, not accepted) in each of the three languages. */
class ApplicantEmailLanguagesTest {

    private final ApplicantMail mail = new ApplicantMail(null, null, new ExpoMailProperties("organizer@expo.test", Duration.ofMinutes(1)),
            new ExpoWebProperties("https://expo.test", DataSize.ofMegabytes(16)), null, null);

    @Test
    void the_applicant_is_written_to_in_french() {
        assertThat(compose(MailLanguage.FR, "SUBMITTED").getSubject()).isEqualTo("Candidature reçue : Atlas Mobility");
        assertThat(compose(MailLanguage.FR, "APPROVED").getText()).contains("inviter l'équipe de votre stand")
                .contains("https://expo.test/dashboard/#team");
        SimpleMailMessage rejected = compose(MailLanguage.FR, "REJECTED");
        assertThat(rejected.getSubject()).isEqualTo("Candidature non retenue : Atlas Mobility");
        assertThat(rejected.getText()).isEqualTo("La candidature de Atlas Mobility n'a pas été retenue. Motif : Hors thème\n");
    }

    @Test
    void the_applicant_is_written_to_in_english() {
        assertThat(compose(MailLanguage.EN, "SUBMITTED").getSubject()).isEqualTo("We received the application of Atlas Mobility");
        assertThat(compose(MailLanguage.EN, "APPROVED").getSubject()).isEqualTo("Application approved: Atlas Mobility");
        assertThat(compose(MailLanguage.EN, "REJECTED").getText()).isEqualTo("The application of Atlas Mobility was not accepted. Reason: Hors thème\n");
    }

    @Test
    void the_applicant_is_written_to_in_arabic() {
        SimpleMailMessage submitted = compose(MailLanguage.AR, "SUBMITTED");
        assertThat(submitted.getSubject()).isEqualTo("استلمنا طلب Atlas Mobility");
        assertThat(submitted.getText()).contains("سيراجع المنظّم طلب Atlas Mobility قريباً.").contains("https://expo.test/dashboard/");
        assertThat(compose(MailLanguage.AR, "APPROVED").getText()).startsWith("قُبلت Atlas Mobility عارضاً.")
                .contains("https://expo.test/dashboard/#team");
        assertThat(compose(MailLanguage.AR, "REJECTED").getText()).isEqualTo("لم يُقبل طلب Atlas Mobility. السبب: Hors thème\n");
    }

    private SimpleMailMessage compose(MailLanguage language, String kind) {
        return mail.compose(language, "contact@atlas.ma", kind, "Atlas Mobility", "Hors thème");
    }
}
