package io.expoleads.exhibitor.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

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

/** The staff invitation in each of the exhibitor's languages, its expiry as the language writes dates. */
class InvitationEmailLanguagesTest {

    private final InvitationEmails emails = new InvitationEmails(null, new ExpoMailProperties("team@expo.test", Duration.ofSeconds(30)),
            new ExpoWebProperties("https://expo.test/", DataSize.ofMegabytes(16)), new MailTemplates());

    @Test
    void an_invitation_is_written_in_french() throws Exception {
        RenderedMail mail = render("fr", "Atlas Mobility");
        assertThat(mail.subject()).isEqualTo("Invitation à scanner les leads de Atlas Mobility");
        assertThat(mail.plain()).startsWith("Bonjour Leila,").contains("jusqu'au 1 décembre 2026 10:00, heure de Casablanca")
                .contains("https://expo.test/scan/#invitation=tok");
    }

    @Test
    void an_invitation_is_written_in_english() throws Exception {
        RenderedMail mail = render("en", "Atlas Mobility");
        assertThat(mail.subject()).isEqualTo("You are invited to scan leads for Atlas Mobility");
        assertThat(mail.plain()).startsWith("Hello Leila,").contains("until 1 December 2026, 10:00 Casablanca time");
    }

    @Test
    void an_invitation_is_written_in_arabic() throws Exception {
        RenderedMail mail = render("ar", "Atlas Mobility");
        assertThat(mail.subject()).isEqualTo("دعوة لمسح العملاء المحتملين لـ Atlas Mobility");
        assertThat(mail.plain()).startsWith("مرحباً Leila،").contains("أنت مدعوّ للانضمام إلى فريق جناح Atlas Mobility.")
                .contains("حتى 1 دجنبر 2026, 10:00 بتوقيت الدار البيضاء").contains("https://expo.test/scan/#invitation=tok");
    }

    @Test
    void the_services_message_files_have_the_same_words_in_every_language() throws Exception {
        RenderedMail.sameWordsInEveryLanguage("fr", "en", "ar");
    }

    @ParameterizedTest
    @EnumSource(MailLanguage.class)
    void an_invitation_is_complete_in_every_language(MailLanguage language) throws Exception {
        RenderedMail mail = render(language.code(), "Atlas Mobility").isComplete(language.code(), language.direction());
        assertThat(mail.plain()).contains("Leila").contains("Atlas Mobility").endsWith("\n\nhttps://expo.test/scan/#invitation=tok\n");
        assertThat(mail.html()).contains("<a href=\"https://expo.test/scan/#invitation=tok\">").contains("Atlas Mobility");
    }

    @Test
    void a_hostile_company_name_is_escaped_in_the_html() throws Exception {
        RenderedMail mail = render("en", "<script>alert(1)</script> & Co");
        assertThat(mail.html()).doesNotContain("<script>").contains("the booth staff of &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co.")
                .contains("<title>You are invited to scan leads for &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</title>");
        assertThat(mail.subject()).isEqualTo("You are invited to scan leads for <script>alert(1)</script> & Co");
    }

    private RenderedMail render(String language, String company) throws Exception {
        Invitation invitation = new Invitation("hash", "ex-1", "leila@atlas.ma", "Leila", language, "admin@atlas.ma",
                Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-12-01T09:00:00Z"), null);
        MimeMessage message = RenderedMail.blank();
        emails.write(message, invitation, company, "tok");
        return RenderedMail.of(message);
    }
}
