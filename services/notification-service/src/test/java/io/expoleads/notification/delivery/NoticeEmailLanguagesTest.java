package io.expoleads.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.expoleads.notification.email.RenderedMail;
import io.expoleads.platform.mail.MailLanguage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

/** The notice of a delivery that failed for good, in each of the exhibitor's languages. */
class NoticeEmailLanguagesTest {

    private final NoticeEmails emails = new NoticeEmails(null, null, null, null, "leads@expo.test");

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

    private RenderedMail render(MailLanguage language) throws Exception {
        Delivery dead = new Delivery("del-1", Delivery.Kind.ALERT, Delivery.Channel.WEBHOOK, "https://crm.example/hook",
                "https://crm.example/hook", "ex-1", "ed-1", "lead-1", "ev-1", "{}", Instant.parse("2026-11-24T09:15:00Z"),
                Delivery.Status.DEAD, 1234, 3, Instant.parse("2026-11-24T09:15:00Z"), Instant.parse("2026-11-24T11:15:00Z"), null,
                "HTTP 410", 0, List.of(new Delivery.Attempt(1, Instant.parse("2026-11-24T11:15:00Z"), "GONE", "https://crm.example/hook",
                        410, "", 12, null)), List.of(), null, null, null);
        MimeMessage message = RenderedMail.blank();
        emails.write(message, language, "admin@atlas.ma", dead, language.dateTime(dead.roundStartedAt(), java.time.ZoneId.of("Africa/Casablanca")),
                language.dateTime(dead.lastAttemptAt(), java.time.ZoneId.of("Africa/Casablanca")));
        return RenderedMail.of(message);
    }
}
