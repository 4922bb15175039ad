package io.expoleads.notification.retention;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.expoleads.notification.delivery.Delivery;
import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.email.EmailComposer;
import io.expoleads.notification.email.SmtpMailer;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.platform.web.ExpoWebProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

/**
 * The retention reminder to an exhibitor's admin, in the exhibitor's language (templates
 * {@code mail/retention.*}, plain text and HTML): when the edition's
 * personal data will be erased, and a link to the dashboard, where the leads are exported.
 */
@Component
class RetentionEmails implements EmailComposer {

    private final SmtpMailer mailer;
    private final SalesRoutings routings;
    private final EditionZones editions;
    private final MailTemplates templates;
    private final String from;
    private final String dashboard;
    private final Clock clock;

    RetentionEmails(SmtpMailer mailer, SalesRoutings routings, EditionZones editions, Clock clock, MailTemplates templates,
                    ExpoMailProperties mail, ExpoWebProperties web) {
        this.templates = templates;
        this.mailer = mailer;
        this.clock = clock;
        this.routings = routings;
        this.editions = editions;
        this.from = mail.from();
        // The dashboard's leads page holds the export.
        this.dashboard = web.link("/dashboard/#leads");
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

    /** Fills the reminder from its templates in the language, the days left with its plural forms. */
    void write(MimeMessage message, MailLanguage language, String to, String edition, String company, String when, long days)
            throws MessagingException {
        Map<String, Object> values = Map.of("edition", edition, "company", company, "when", when, "days", days, "dashboard", dashboard);
        templates.render("retention", language, values, "retention.subject", edition, when).writeTo(message, from, to);
    }
}
