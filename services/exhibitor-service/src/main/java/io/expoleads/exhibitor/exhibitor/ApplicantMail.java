package io.expoleads.exhibitor.exhibitor;

import java.time.Duration;
import java.util.List;

import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.Leases;
import io.expoleads.platform.work.RunsInBackground;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends the applicant the emails their application's changes queued: soon after the change, and
 * again on a regular sweep while the mail server refuses. An email leaves the queue only once the
 * mail server took it.
 */
@Component
class ApplicantMail implements RunsInBackground {

    private static final Logger log = LoggerFactory.getLogger(ApplicantMail.class);
    /** Longer than a pass of 200 documents' emails at the SMTP timeouts; a dead sender's lease lapses after it. */
    private static final Duration SENDING_HOLD = Duration.ofMinutes(5);

    private final MongoTemplate mongo;
    private final JavaMailSender mail;
    private final String from;
    private final String dashboard;
    private final BackgroundWork work;

    ApplicantMail(MongoTemplate mongo, JavaMailSender mail, @Value("${expo.mail.from}") String from,
                  @Value("${expo.web.public-url}") String webUrl,
                  @Value("${expo.mail.retry-interval:30s}") Duration sweepInterval, Leases leases) {
        this.mongo = mongo;
        this.mail = mail;
        this.from = from;
        this.dashboard = (webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl) + "/dashboard/";
        // Two instances' passes at once would both send an email queued in the same document before
        // either pulls it: one pass at a time across instances, the lease held while it sends.
        this.work = new BackgroundWork("applicant-mail", sweepInterval, () -> {
            if (!leases.runAlone("applicant-mail", SENDING_HOLD, this::sendQueued)) {
                log.debug("Applicant mail pass skipped: another instance is sending");
            }
        });
    }

    /** Asks for a sending pass soon. */
    void wake() {
        work.wake();
    }

    void sendQueued() {
        Query queued = new Query(Criteria.where(ApplicantEmail.QUEUE + ".0").exists(true)).limit(200);
        queued.fields().include(ApplicantEmail.QUEUE);
        for (Document exhibitor : mongo.find(queued, Document.class, ExhibitorStore.COLLECTION)) {
            for (Document email : exhibitor.getList(ApplicantEmail.QUEUE, Document.class, List.of())) {
                try {
                    mail.send(compose(email));
                } catch (MailException e) {
                    log.warn("The mail server did not take an applicant email; it stays queued: {}", e.getMessage());
                    return;
                }
                mongo.updateFirst(Query.query(Criteria.where("_id").is(exhibitor.get("_id"))),
                        new Update().pull(ApplicantEmail.QUEUE, new Document("emailId", email.getString("emailId"))),
                        ExhibitorStore.COLLECTION);
            }
        }
    }

    private SimpleMailMessage compose(Document email) {
        boolean english = "en".equals(email.getString("language"));
        String company = email.getString("companyName");
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(email.getString("to"));
        switch (email.getString("kind")) {
            case "SUBMITTED" -> {
                message.setSubject(english ? "We received the application of " + company : "Candidature reçue : " + company);
                message.setText(english ? "Thank you: the organizer will review the application of " + company + " shortly.\n\n"
                        + "Follow it on your dashboard: " + dashboard + "\n"
                        : "Merci : l'organisateur examinera prochainement la candidature de " + company + ".\n\n"
                        + "Suivez-la sur votre tableau de bord : " + dashboard + "\n");
            }
            case "APPROVED" -> {
                message.setSubject(english ? "Application approved: " + company : "Candidature acceptée : " + company);
                message.setText(english ? company + " is approved as an exhibitor. You can now invite your booth staff"
                        + " from your dashboard: " + dashboard + "#team\n"
                        : company + " est accepté comme exposant. Vous pouvez maintenant inviter l'équipe de votre stand"
                        + " depuis votre tableau de bord : " + dashboard + "#team\n");
            }
            default -> {
                message.setSubject(english ? "Application not accepted: " + company : "Candidature non retenue : " + company);
                message.setText((english ? "The application of " + company + " was not accepted. Reason: "
                        : "La candidature de " + company + " n'a pas été retenue. Motif : ") + email.getString("reason") + "\n");
            }
        }
        return message;
    }

    @Override
    public BackgroundWork backgroundWork() {
        return work;
    }
}
