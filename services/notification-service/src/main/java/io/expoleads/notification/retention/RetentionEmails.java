package io.expoleads.notification.retention;

import java.time.Clock;
import java.time.Duration;

import io.expoleads.notification.delivery.Delivery;
import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.email.EmailComposer;
import io.expoleads.notification.email.SmtpMailer;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.notification.email.Counted;
import io.expoleads.platform.mail.MailLanguage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * The retention reminder to an exhibitor's admin, in the exhibitor's language: when the edition's
 * personal data will be erased, and a link to the dashboard, where the leads are exported.
 */
@Component
class RetentionEmails implements EmailComposer {

    private final SmtpMailer mailer;
    private final SalesRoutings routings;
    private final EditionZones editions;
    private final String from;
    private final String dashboard;
    private final Clock clock;

    RetentionEmails(SmtpMailer mailer, SalesRoutings routings, EditionZones editions, Clock clock,
                    @Value("${expo.mail.from}") String from, @Value("${expo.web.public-url}") String webUrl) {
        this.mailer = mailer;
        this.clock = clock;
        this.routings = routings;
        this.editions = editions;
        this.from = from;
        // The dashboard's leads page holds the export.
        this.dashboard = (webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl) + "/dashboard/#leads";
    }

    @Override
    public Delivery.Kind kind() {
        return Delivery.Kind.RETENTION;
    }

    @Override
    public MimeMessage compose(Delivery reminder) throws MessagingException {
        EditionZones.Purge purge = editions.purge(reminder.editionId())
                .orElseThrow(() -> new NothingToSend("edition " + reminder.editionId() + " has no purge date"));
        SalesRouting exhibitor = routings.find(reminder.exhibitorId())
                .orElseThrow(() -> new NothingToSend("exhibitor " + reminder.exhibitorId() + " is unknown"));
        // The days left when it is written (a retry may go out a day later), counting a started day as one.
        long days = Math.max(1, (Duration.between(clock.instant(), purge.purgeAt()).toSeconds() + 86_399) / 86_400);
        MimeMessage message = mailer.newMessage();
        write(message, exhibitor.mailLanguage(), reminder.target(), purge.name(), exhibitor.companyName(),
                editions.localTime(reminder.editionId(), purge.purgeAt(), exhibitor.mailLanguage()), days);
        return message;
    }

    /** Fills the reminder in the language, the days left with its plural forms. */
    void write(MimeMessage message, MailLanguage language, String to, String edition, String company, String when, long days)
            throws MessagingException {
        String inDays = Counted.say(language, days,
                "{count, plural, one {dans # jour} other {dans # jours}}",
                "{count, plural, one {in # day} other {in # days}}",
                "{count, plural, zero {اليوم} one {بعد يوم واحد} two {بعد يومين} few {بعد # أيام} many {بعد # يوماً} other {بعد # يوم}}");
        String subject = language.say("Vos leads de " + edition + " seront effacés le " + when,
                "Your leads of " + edition + " will be erased on " + when,
                "سيُمحى عملاؤك المحتملون في " + edition + " يوم " + when);
        String body = language.say(
                "Bonjour,\n\nLes données personnelles des visiteurs de " + edition + " seront effacées le " + when
                        + " (" + inDays + "), au terme de la durée de conservation fixée par l'organisateur : noms, "
                        + "coordonnées, réponses, étiquettes et notes de chaque lead de " + company + ". Les leads "
                        + "ne garderont que leurs compteurs et leurs dates.\n\nExportez d'ici là les leads dont vous avez besoin, "
                        + "depuis votre tableau de bord :\n" + dashboard + "\n\n"
                        + "Les copies que vous avez téléchargées ou envoyées à votre CRM relèvent de votre propre politique de conservation.\n",
                "Hello,\n\nThe personal data of the visitors of " + edition + " will be erased on " + when + " ("
                        + inDays + "), at the end of the retention period set by the organizer: names, contact details, answers, "
                        + "tags and notes of every lead of " + company + ". The leads will keep only their counts and "
                        + "times.\n\nExport the leads you need before then, from your dashboard:\n" + dashboard + "\n\n"
                        + "Copies you have downloaded or sent to your CRM are yours to keep or delete under your own policy.\n",
                "مرحباً،\n\nستُمحى البيانات الشخصية لزوار " + edition + " يوم " + when + " (" + inDays
                        + ")، بانتهاء مدة الاحتفاظ التي حدّدها المنظّم: أسماء وبيانات اتصال وأجوبة ووسوم وملاحظات كل عميل محتمل لـ "
                        + company + ". لن يبقى من العملاء المحتملين إلا أعدادهم وأوقاتهم.\n\nصدّر قبل ذلك العملاء المحتملين الذين تحتاجهم، "
                        + "من لوحتك:\n" + dashboard + "\n\n"
                        + "النسخ التي نزّلتها أو أرسلتها إلى نظام CRM لديك تخضع لسياستك الخاصة في الاحتفاظ أو الحذف.\n");
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(subject);
        helper.setText(body);
    }
}
