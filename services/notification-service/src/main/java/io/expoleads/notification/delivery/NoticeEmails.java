package io.expoleads.notification.delivery;

import java.text.NumberFormat;

import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.email.EmailComposer;
import io.expoleads.notification.email.SmtpMailer;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.platform.mail.MailLanguage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Tells the exhibitor's admin, in the exhibitor's language (French, English or Arabic), that a delivery will not be made: to
 * which destination, how often it was tried, the last error, and how to send it again once the
 * destination is fixed.
 */
@Component
class NoticeEmails implements EmailComposer {

    private final SmtpMailer mailer;
    private final Deliveries deliveries;
    private final SalesRoutings routings;
    private final EditionZones zones;
    private final String from;

    NoticeEmails(SmtpMailer mailer, Deliveries deliveries, SalesRoutings routings, EditionZones zones,
                 @Value("${expo.mail.from}") String from) {
        this.mailer = mailer;
        this.deliveries = deliveries;
        this.routings = routings;
        this.zones = zones;
        this.from = from;
    }

    @Override
    public Delivery.Kind kind() {
        return Delivery.Kind.NOTICE;
    }

    @Override
    public MimeMessage compose(Delivery notice) throws MessagingException {
        Delivery dead = deliveries.find(notice.content())
                .orElseThrow(() -> new NothingToSend("delivery " + notice.content() + " no longer exists"));
        MailLanguage language = routings.find(notice.exhibitorId()).map(SalesRouting::mailLanguage).orElse(MailLanguage.FR);
        MimeMessage message = mailer.newMessage();
        write(message, language, notice.target(), dead, zones.localTime(dead.editionId(), dead.roundStartedAt(), language),
                zones.localTime(dead.editionId(), dead.lastAttemptAt(), language));
        return message;
    }

    /** Fills the notice of a delivery that failed for good, in the language, times as it writes them. */
    void write(MimeMessage message, MailLanguage language, String to, Delivery dead, String firstAttempt, String lastAttempt)
            throws MessagingException {
        String what = dead.channel() == Delivery.Channel.WEBHOOK ? "webhook " + dead.destination()
                : language.say("e-mail à ", "email to ", "بريد إلكتروني إلى ") + dead.destination();
        boolean gone = dead.history().stream().anyMatch(attempt -> AttemptResult.Outcome.GONE.name().equals(attempt.outcome()));
        String subject = language.say("Échec de livraison : ", "Delivery failed: ", "تعذّر التسليم: ") + what;
        String kind = dead.kind().name().toLowerCase();
        StringBuilder body = new StringBuilder(language.say(
                "Un envoi (" + kind + ") n'a pas pu être livré : " + what + ".\n\n",
                "A " + kind + " could not be delivered to " + what + ".\n\n",
                "تعذّر تسليم إرسالية (" + kind + ") إلى " + what + ".\n\n"));
        if (gone) {
            body.append(language.say(
                    "Le point d'accès a répondu 410 Gone ; il a été désactivé et ne reçoit plus rien tant que vous ne rejouez pas l'un de ses envois.\n\n",
                    "The endpoint answered 410 Gone, so it was disabled: nothing more is sent to it until you replay one of its deliveries.\n\n",
                    "أجاب العنوان بـ 410 Gone، فعُطّل: لا يُرسل إليه شيء حتى تعيد إرسال إحدى إرسالياته.\n\n"));
        }
        line(body, language.say("Tentatives", "Attempts", "المحاولات"), language, NumberFormat.getIntegerInstance(language.locale()).format(dead.attempts()));
        line(body, language.say("Première tentative", "First attempt", "المحاولة الأولى"), language, firstAttempt);
        line(body, language.say("Dernière tentative", "Last attempt", "المحاولة الأخيرة"), language, lastAttempt);
        line(body, language.say("Dernière erreur", "Last error", "آخر خطأ"), language, dead.detail());
        if (dead.leadId() != null) {
            line(body, language.say("Lead", "Lead", "العميل المحتمل"), language, dead.leadId());
        }
        line(body, language.say("Envoi", "Delivery", "الإرسالية"), language, dead.id());
        body.append(language.say("\nUne fois la destination réparée, renvoyez-le avec\n", "\nOnce the destination works again, send it again with\n",
                        "\nحين تعمل الوجهة من جديد، أعد إرسالها بـ\n"))
                .append("POST /api/deliveries/").append(dead.id()).append("/replay\n");
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(subject);
        helper.setText(body.toString());
    }

    /** A labelled line; French puts a space before the colon. */
    private static void line(StringBuilder body, String label, MailLanguage language, Object value) {
        body.append(label).append(language == MailLanguage.FR ? " : " : ": ").append(value).append('\n');
    }
}
