package io.expoleads.notification.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.expoleads.events.AttendeeView;
import io.expoleads.events.ExhibitorStatus;
import io.expoleads.events.LeadNote;
import io.expoleads.events.LeadView;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.testsupport.RenderedMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The lead alert in each of the exhibitor's languages: its words, its direction, its dates. */
class AlertEmailLanguagesTest {

    private final AlertEmails emails = new AlertEmails(null, null, null, null, new MailTemplates(), new ExpoMailProperties("leads@expo.test", Duration.ofSeconds(30)));

    @Test
    void an_alert_is_written_in_french() throws Exception {
        RenderedMail mail = render(MailLanguage.FR);
        assertThat(mail.subject()).isEqualTo("Nouveau lead : Yassine Alaoui (Casa Transport)");
        assertThat(mail.text()).contains("Un nouveau lead a été capté sur le stand de Atlas Mobility.")
                .contains("Société: Casa Transport").contains("Commentaire de Leila: Rappeler lundi")
                .contains("Scanné le: 24 novembre 2026 10:15").contains("wants_demo: Oui").contains("<html lang=\"fr\" dir=\"ltr\">");
    }

    @Test
    void an_alert_is_written_in_english() throws Exception {
        RenderedMail mail = render(MailLanguage.EN);
        assertThat(mail.subject()).isEqualTo("New lead: Yassine Alaoui (Casa Transport)");
        assertThat(mail.text()).contains("A new lead was captured at the booth of Atlas Mobility.")
                .contains("Company: Casa Transport").contains("Note by Leila: Rappeler lundi")
                .contains("Scanned at: 24 November 2026, 10:15").contains("wants_demo: Yes").contains("<html lang=\"en\" dir=\"ltr\">");
    }

    @Test
    void an_alert_is_written_in_arabic_right_to_left() throws Exception {
        RenderedMail mail = render(MailLanguage.AR);
        assertThat(mail.subject()).isEqualTo("عميل محتمل جديد: Yassine Alaoui (Casa Transport)");
        assertThat(mail.text()).contains("سُجّل عميل محتمل جديد في جناح Atlas Mobility.")
                .contains("الشركة: Casa Transport").contains("ملاحظة Leila: Rappeler lundi")
                .contains("wants_demo: نعم").contains("<html lang=\"ar\" dir=\"rtl\">").contains("<th align=\"right\">")
                // Moroccan Arabic: the month as Morocco names it, Latin digits.
                .contains("وقت المسح: 24 نونبر 2026, 10:15");
    }

    @Test
    void the_services_message_files_have_the_same_words_in_every_language() throws Exception {
        RenderedMail.sameWordsInEveryLanguage("fr", "en", "ar");
    }

    @ParameterizedTest
    @EnumSource(MailLanguage.class)
    void an_alert_is_complete_in_every_language(MailLanguage language) throws Exception {
        RenderedMail mail = render(language).isComplete(language.code(), language.direction());
        assertThat(mail.html()).contains("Atlas Mobility").contains("Casa Transport").contains("Rappeler lundi<br>Avant midi");
        assertThat(mail.plain()).contains("Rappeler lundi\nAvant midi");
    }

    @Test
    void hostile_names_and_notes_are_escaped_in_the_html() throws Exception {
        RenderedMail mail = render(MailLanguage.EN, "<script>alert(1)</script> & Co", "<img src=x onerror=alert(2)>");
        assertThat(mail.html()).doesNotContain("<script>").doesNotContain("<img")
                .contains("captured at the booth of &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co.")
                .contains("&lt;img src=x onerror=alert(2)&gt;");
        assertThat(mail.plain()).contains("captured at the booth of <script>alert(1)</script> & Co.");
    }

    private RenderedMail render(MailLanguage language) throws Exception {
        return render(language, "Atlas Mobility", "Rappeler lundi\nAvant midi");
    }

    private RenderedMail render(MailLanguage language, String company, String note) throws Exception {
        AttendeeView visitor = new AttendeeView("att-1", "ed-1", "R-1", "Yassine", "Alaoui", "Casa Transport", "CTO",
                "yassine@casatransport.ma", "+212600000000", "MA", true, null);
        LeadView lead = new LeadView("lead-1", "ex-1", "ed-1", 3, visitor, 1, Instant.parse("2026-11-24T09:15:00Z"),
                Instant.parse("2026-11-24T09:15:00Z"), "st-1", List.of("st-1"), 4, 1, Map.of("wants_demo", true), List.of("vip"),
                false, List.of(new LeadNote("st-1", note, Instant.parse("2026-11-24T09:16:00Z"))), List.of(), null);
        SalesRouting routing = new SalesRouting("ex-1", "ed-1", 1, ExhibitorStatus.APPROVED, company, language.code(),
                List.of("sales@atlas.ma"), "ALL", null, "OFF", null, "CSV", "admin@atlas.ma", Map.of("st-1", "Leila"), null);
        MimeMessage message = RenderedMail.blank();
        emails.write(message, language, "sales@atlas.ma", lead, routing,
                language.dateTime(lead.lastScanAt(), ZoneId.of("Africa/Casablanca")));
        return RenderedMail.of(message);
    }
}
