package io.expoleads.notification.delivery;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.email.EmailComposer;
import io.expoleads.notification.email.SmtpMailer;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.stereotype.Component;

/**
 * Tells the exhibitor's admin, in the exhibitor's language (French, English or Arabic; templates
 * {@code mail/notice.*}, plain text and HTML), that a delivery will not be made: to
 * which destination, how often it was tried, the last error, and how to send it again once the
 * destination is fixed.
 */
@Component
class NoticeEmails implements EmailComposer {

    private final SmtpMailer mailer;
    private final Deliveries deliveries;
    private final SalesRoutings routings;
    private final EditionZones zones;
    private final MailTemplates templates;
    private final String from;

    NoticeEmails(SmtpMailer mailer, Deliveries deliveries, SalesRoutings routings, EditionZones zones, MailTemplates templates,
                 ExpoMailProperties mail) {
        this.templates = templates;
        this.mailer = mailer;
        this.deliveries = deliveries;
        this.routings = routings;
        this.zones = zones;
        this.from = mail.from();
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

    /** Fills the notice of a delivery that failed for good from its templates, in the language, times as it writes them. */
    void write(MimeMessage message, MailLanguage language, String to, Delivery dead, String firstAttempt, String lastAttempt)
            throws MessagingException {
        String what = templates.message(language, "notice.what", dead.channel().name(), dead.destination());
        boolean gone = dead.history().stream().anyMatch(attempt -> AttemptResult.Outcome.GONE.name().equals(attempt.outcome()));
        Map<String, Object> values = new HashMap<>();
        values.put("kind", dead.kind().name().toLowerCase(Locale.ROOT));
        values.put("what", what);
        values.put("gone", gone);
        values.put("attempts", dead.attempts());
        values.put("firstAttempt", firstAttempt);
        values.put("lastAttempt", lastAttempt);
        values.put("lastError", dead.detail());
        values.put("leadId", dead.leadId());
        values.put("deliveryId", dead.id());
        templates.render("notice", language, values, "notice.subject", what).writeTo(message, from, to);
    }
}
