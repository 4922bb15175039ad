package io.expoleads.exhibitor.exhibitor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.expoleads.exhibitor.identity.Accounts;
import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.platform.web.ExpoWebProperties;
import io.expoleads.platform.work.BackgroundWork;
import io.expoleads.platform.work.Leases;
import io.expoleads.platform.work.RunsInBackground;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends the applicant the emails their application's changes queued, in French, English or Arabic
 * (plain text and HTML from the templates {@code mail/applicant-*}):
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
    private final MailTemplates templates;

    ApplicantMail(MongoTemplate mongo, JavaMailSender mail, ExpoMailProperties mailProperties, ExpoWebProperties web,
                  Leases leases, Accounts accounts, MailTemplates templates) {
        this.mongo = mongo;
        this.accounts = accounts;
        this.mail = mail;
        this.from = mailProperties.from();
        this.dashboard = web.link("/dashboard/");
        this.templates = templates;
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
                    mail.send(message -> write(message, email));
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
    void write(MimeMessage message, Document email) throws MessagingException {
        String to = email.getString("to");
        MailLanguage language = MailLanguage.of(accounts.languageOf(to).orElse(email.getString("language")));
        write(message, language, to, email.getString("kind"), email.getString("companyName"), email.getString("reason"));
    }

    /** Fills the email of the application's change from its templates ({@code mail/applicant-<kind>.*}). */
    void write(MimeMessage message, MailLanguage language, String to, String kind, String company, String reason) throws MessagingException {
        String name = switch (kind) {
            case "SUBMITTED" -> "applicant-submitted";
            case "APPROVED" -> "applicant-approved";
            default -> "applicant-rejected";
        };
        Map<String, Object> values = new HashMap<>();
        values.put("company", company);
        values.put("dashboard", dashboard);
        values.put("reason", reason);
        templates.render(name, language, values, name.replace('-', '.') + ".subject", company).writeTo(message, from, to);
    }

    @Override
    public BackgroundWork backgroundWork() {
        return work;
    }
}
