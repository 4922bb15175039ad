package io.expoleads.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.testsupport.RenderedMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The notice of a delivery that failed for good, in each of the exhibitor's languages. */
class NoticeEmailLanguagesTest {

    private final NoticeEmails emails = new NoticeEmails(null, null, null, null, new MailTemplates(), new ExpoMailProperties("leads@expo.test", Duration.ofSeconds(30)));

    @Test
    void a_notice_is_written_in_french() throws Exception {
        RenderedMail mail = render(MailLanguage.FR);
        assertThat(mail.subject()).isEqualTo("Échec de livraison : webhook https://crm.example/hook");
        assertThat(mail.text()).contains("n'a pas pu être livré").contains("Tentatives : 1.234").contains("410 Gone")
                .contains("Première tentative : 24 novembre 2026 10:15");
    }

    @Test
    void a_notice_is_written_in_english() throws Exception {
        RenderedMail mail = render(MailLanguage.EN);
        assertThat(mail.subject()).isEqualTo("Delivery failed: webhook https://crm.example/hook");
        assertThat(mail.text()).contains("could not be delivered").contains("Attempts: 1,234").contains("disabled");
    }

    @Test
    void a_notice_is_written_in_arabic() throws Exception {
        RenderedMail mail = render(MailLanguage.AR);
        assertThat(mail.subject()).isEqualTo("تعذّر التسليم: webhook https://crm.example/hook");
        assertThat(mail.text()).contains("تعذّر تسليم إرسالية (alert) إلى webhook https://crm.example/hook.")
                .contains("المحاولات: 1.234").contains("عُطّل").contains("POST /api/deliveries/del-1/replay");
    }

    @ParameterizedTest
    @EnumSource(MailLanguage.class)
    void a_notice_is_complete_in_every_language(MailLanguage language) throws Exception {
        RenderedMail mail = render(language).isComplete(language.code(), language.direction());
        assertThat(mail.plain()).contains("HTTP 410").contains("lead-1").endsWith("POST /api/deliveries/del-1/replay\n");
        assertThat(mail.html()).contains("HTTP 410").contains("POST /api/deliveries/del-1/replay");
    }

    @Test
    void the_notice_in_french_reads_as_before() throws Exception {
        assertThat(render(MailLanguage.FR).plain()).isEqualTo("""
                Un envoi (alert) n'a pas pu être livré : webhook https://crm.example/hook.

                Le point d'accès a répondu 410 Gone ; il a été désactivé et ne reçoit plus rien tant que vous ne rejouez pas l'un de ses envois.

                Tentatives : 1.234
                Première tentative : 24 novembre 2026 10:15
                Dernière tentative : 24 novembre 2026 12:15
                Dernière erreur : HTTP 410
                Lead : lead-1
                Envoi : del-1

                Une fois la destination réparée, renvoyez-le avec
                POST /api/deliveries/del-1/replay
                """);
    }

    @Test
    void a_hostile_error_text_is_escaped_in_the_html() throws Exception {
        Delivery dead = dead("<script>alert(1)</script>");
        MimeMessage message = RenderedMail.blank();
        emails.write(message, MailLanguage.EN, "admin@atlas.ma", dead, "first", "last");
        assertThat(RenderedMail.of(message).html()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    private RenderedMail render(MailLanguage language) throws Exception {
        Delivery dead = dead("HTTP 410");
        MimeMessage message = RenderedMail.blank();
        emails.write(message, language, "admin@atlas.ma", dead, language.dateTime(dead.roundStartedAt(), java.time.ZoneId.of("Africa/Casablanca")),
                language.dateTime(dead.lastAttemptAt(), java.time.ZoneId.of("Africa/Casablanca")));
        return RenderedMail.of(message);
    }

    private static Delivery dead(String error) {
        return new Delivery("del-1", Delivery.Kind.ALERT, Delivery.Channel.WEBHOOK, "https://crm.example/hook",
                "https://crm.example/hook", "ex-1", "ed-1", "lead-1", "ev-1", "{}", Instant.parse("2026-11-24T09:15:00Z"),
                Delivery.Status.DEAD, 1234, 3, Instant.parse("2026-11-24T09:15:00Z"), Instant.parse("2026-11-24T11:15:00Z"), null,
                error, 0, List.of(new Delivery.Attempt(1, Instant.parse("2026-11-24T11:15:00Z"), "GONE", "https://crm.example/hook",
                        410, "", 12, null)), List.of(), null, null, null);
    }
}
