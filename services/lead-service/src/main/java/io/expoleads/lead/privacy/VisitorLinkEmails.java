package io.expoleads.lead.privacy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.platform.web.ExpoWebProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Writes and sends visitors their sign-in links, in French, English or Arabic (plain text and HTML
 * from the templates {@code mail/visitor-link.*}). Called by
 * {@link VisitorAccess}'s background pass, off the request thread (so the answer takes the same
 * time whether an email goes or not), which keeps the request until the mail server took the email.
 * Logs name no address.
 */
@Component
class VisitorLinkEmails {

    private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");

    private final JavaMailSender mail;
    private final MailTemplates templates;
    private final String from;
    private final String page;

    @Autowired
    VisitorLinkEmails(JavaMailSender mail, MailTemplates templates, ExpoMailProperties sender, ExpoWebProperties web) {
        this(mail, templates, sender.from(), web.publicUrl());
    }

    VisitorLinkEmails(JavaMailSender mail, MailTemplates templates, String from, String webUrl) {
        this.mail = mail;
        this.templates = templates;
        this.from = from;
        this.page = (webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl) + "/privacy/";
    }

    /** Sends the link now; a refusal of the mail server is the caller's to retry. */
    void send(String to, String language, String code, Instant expiresAt) throws MailException {
        mail.send(message -> write(message, to, language, code, expiresAt));
    }

    /** Fills the email; the link opens the page in the email's language, the code in its fragment. */
    void write(MimeMessage message, String to, String language, String code, Instant expiresAt) throws MessagingException {
        MailLanguage written = MailLanguage.of(language);
        Map<String, Object> values = Map.of("link", page + "?lang=" + written.code() + "#code=" + code,
                "until", written.time(expiresAt, CASABLANCA));
        templates.render("visitor-link", written, values, "visitorLink.subject").writeTo(message, from, to);
    }
}
