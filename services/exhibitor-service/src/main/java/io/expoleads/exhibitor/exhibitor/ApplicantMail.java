package io.expoleads.exhibitor.exhibitor;

import java.time.Duration;
import java.util.List;

import io.expoleads.exhibitor.identity.Accounts;
import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.web.ExpoWebProperties;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.Leases;
import io.expoleads.platform.work.RunsInBackground;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends the applicant the emails their application's changes queued, in French, English or Arabic:
 * soon after the change, and again on a regular sweep while the mail server refuses. An email leaves the queue only once the
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
    private final Accounts accounts;

    ApplicantMail(MongoTemplate mongo, JavaMailSender mail, ExpoMailProperties mailProperties, ExpoWebProperties web,
                  Leases leases, Accounts accounts) {
        this.mongo = mongo;
        this.accounts = accounts;
        this.mail = mail;
        this.from = mailProperties.from();
        this.dashboard = web.link("/dashboard/");
        // Two instances' passes at once would both send an email queued in the same document before
        // either pulls it: one pass at a time across instances, the lease held while it sends.
        this.work = new BackgroundWork("applicant-mail", mailProperties.retryInterval(), () -> {
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

    /**
     * The email in its reader's language: the one their account keeps (chosen in the dashboard) when
     * the contact has an account and chose one, else the one the application named.
     */
    SimpleMailMessage compose(Document email) {
        String to = email.getString("to");
        MailLanguage language = MailLanguage.of(accounts.languageOf(to).orElse(email.getString("language")));
        return compose(language, to, email.getString("kind"), email.getString("companyName"), email.getString("reason"));
    }

    SimpleMailMessage compose(MailLanguage language, String to, String kind, String company, String reason) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        switch (kind) {
            case "SUBMITTED" -> {
                message.setSubject(language.say("Candidature reçue : " + company, "We received the application of " + company,
                        "استلمنا طلب " + company));
                message.setText(language.say(
                        "Merci : l'organisateur examinera prochainement la candidature de " + company + ".\n\n"
                                + "Suivez-la sur votre tableau de bord : " + dashboard + "\n",
                        "Thank you: the organizer will review the application of " + company + " shortly.\n\n"
                                + "Follow it on your dashboard: " + dashboard + "\n",
                        "شكراً: سيراجع المنظّم طلب " + company + " قريباً.\n\n"
                                + "تابعه في لوحتك: " + dashboard + "\n"));
            }
            case "APPROVED" -> {
                message.setSubject(language.say("Candidature acceptée : " + company, "Application approved: " + company,
                        "قُبل الطلب: " + company));
                message.setText(language.say(
                        company + " est accepté comme exposant. Vous pouvez maintenant inviter l'équipe de votre stand"
                                + " depuis votre tableau de bord : " + dashboard + "#team\n",
                        company + " is approved as an exhibitor. You can now invite your booth staff"
                                + " from your dashboard: " + dashboard + "#team\n",
                        "قُبلت " + company + " عارضاً. يمكنك الآن دعوة فريق جناحك"
                                + " من لوحتك: " + dashboard + "#team\n"));
            }
            default -> {
                message.setSubject(language.say("Candidature non retenue : " + company, "Application not accepted: " + company,
                        "لم يُقبل الطلب: " + company));
                message.setText(language.say("La candidature de " + company + " n'a pas été retenue. Motif : ",
                        "The application of " + company + " was not accepted. Reason: ",
                        "لم يُقبل طلب " + company + ". السبب: ") + reason + "\n");
            }
        }
        return message;
    }

    @Override
    public BackgroundWork backgroundWork() {
        return work;
    }
}
