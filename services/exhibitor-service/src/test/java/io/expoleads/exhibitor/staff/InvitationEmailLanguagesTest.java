package io.expoleads.exhibitor.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.web.ExpoWebProperties;

import org.junit.jupiter.api.Test;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.util.unit.DataSize;

/** The staff invitation in each of the exhibitor's languages, its expiry as the language writes dates. */
class InvitationEmailLanguagesTest {

    private final InvitationEmails emails = new InvitationEmails(null,
            new ExpoMailProperties("team@expo.test", Duration.ofSeconds(30)), new ExpoWebProperties("https://expo.test/", DataSize.ofMegabytes(16)));

    @Test
    void an_invitation_is_written_in_french() {
        SimpleMailMessage mail = compose("fr");
        assertThat(mail.getSubject()).isEqualTo("Invitation à scanner les leads de Atlas Mobility");
        assertThat(mail.getText()).startsWith("Bonjour Leila,").contains("jusqu'au 1 décembre 2026 10:00, heure de Casablanca")
                .contains("https://expo.test/scan/#invitation=tok");
    }

    @Test
    void an_invitation_is_written_in_english() {
        SimpleMailMessage mail = compose("en");
        assertThat(mail.getSubject()).isEqualTo("You are invited to scan leads for Atlas Mobility");
        assertThat(mail.getText()).startsWith("Hello Leila,").contains("until 1 December 2026, 10:00 Casablanca time");
    }

    @Test
    void an_invitation_is_written_in_arabic() {
        SimpleMailMessage mail = compose("ar");
        assertThat(mail.getSubject()).isEqualTo("دعوة لمسح العملاء المحتملين لـ Atlas Mobility");
        assertThat(mail.getText()).startsWith("مرحباً Leila،").contains("أنت مدعوّ للانضمام إلى فريق جناح Atlas Mobility.")
                .contains("حتى 1 دجنبر 2026, 10:00 بتوقيت الدار البيضاء").contains("https://expo.test/scan/#invitation=tok");
    }

    private SimpleMailMessage compose(String language) {
        Invitation invitation = new Invitation("hash", "ex-1", "leila@atlas.ma", "Leila", language, "admin@atlas.ma",
                Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-12-01T09:00:00Z"), null);
        return emails.compose(invitation, "Atlas Mobility", "tok");
    }
}
