package io.expoleads.notification.delivery;

import io.expoleads.notification.edition.EditionZones;
import io.expoleads.notification.email.EmailComposer;
import io.expoleads.notification.email.SmtpMailer;
import io.expoleads.notification.exhibitor.SalesRouting;
import io.expoleads.notification.exhibitor.SalesRoutings;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Tells the exhibitor's admin, in the exhibitor's language, that a delivery will not be made: to
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
        boolean english = routings.find(notice.exhibitorId()).map(SalesRouting::english).orElse(false);
        String what = dead.channel() == Delivery.Channel.WEBHOOK ? "webhook " + dead.destination()
                : (english ? "email to " : "email à ") + dead.destination();
        boolean gone = dead.history().stream().anyMatch(attempt -> AttemptResult.Outcome.GONE.name().equals(attempt.outcome()));
        String subject = english ? "Delivery failed: " + what : "Échec de livraison : " + what;
        StringBuilder body = new StringBuilder();
        if (english) {
            body.append("A ").append(dead.kind().name().toLowerCase()).append(" could not be delivered to ").append(what).append(".\n\n");
            if (gone) {
                body.append("The endpoint answered 410 Gone, so it was disabled: nothing more is sent to it until you replay one of its deliveries.\n\n");
            }
            body.append("Attempts: ").append(dead.attempts()).append('\n')
                    .append("First attempt: ").append(zones.localTime(dead.editionId(), dead.roundStartedAt())).append('\n')
                    .append("Last attempt: ").append(zones.localTime(dead.editionId(), dead.lastAttemptAt())).append('\n')
                    .append("Last error: ").append(dead.detail()).append('\n');
            if (dead.leadId() != null) {
                body.append("Lead: ").append(dead.leadId()).append('\n');
            }
            body.append("Delivery: ").append(dead.id()).append("\n\nOnce the destination works again, send it again with\n")
                    .append("POST /api/deliveries/").append(dead.id()).append("/replay\n");
        } else {
            body.append("Un envoi (").append(dead.kind().name().toLowerCase()).append(") n'a pas pu être livré : ").append(what).append(".\n\n");
            if (gone) {
                body.append("Le point d'accès a répondu 410 Gone ; il a été désactivé et ne reçoit plus rien tant que vous ne rejouez pas l'un de ses envois.\n\n");
            }
            body.append("Tentatives : ").append(dead.attempts()).append('\n')
                    .append("Première tentative : ").append(zones.localTime(dead.editionId(), dead.roundStartedAt())).append('\n')
                    .append("Dernière tentative : ").append(zones.localTime(dead.editionId(), dead.lastAttemptAt())).append('\n')
                    .append("Dernière erreur : ").append(dead.detail()).append('\n');
            if (dead.leadId() != null) {
                body.append("Lead : ").append(dead.leadId()).append('\n');
            }
            body.append("Envoi : ").append(dead.id()).append("\n\nUne fois la destination réparée, renvoyez-le avec\n")
                    .append("POST /api/deliveries/").append(dead.id()).append("/replay\n");
        }
        MimeMessage message = mailer.newMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
        helper.setFrom(from);
        helper.setTo(notice.target());
        helper.setSubject(subject);
        helper.setText(body.toString());
        return message;
    }
}
