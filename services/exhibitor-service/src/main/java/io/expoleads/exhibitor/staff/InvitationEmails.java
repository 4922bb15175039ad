package io.expoleads.exhibitor.staff;

import java.time.ZoneId;
import java.util.Map;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.mail.MailTemplates;
import io.expoleads.platform.web.ExpoWebProperties;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The invitation email, plain text and HTML from its templates, in the exhibitor's language (French, English or Arabic; the invitee has no
 * account, hence no language of their own, yet), the link's expiry in that language's words. Its link opens the
 * booth scanner on the invitation: the invitee chooses a password there and is signed in. The
 * single-use token rides in the link's fragment, which browsers never send to a server, so it
 * stays out of every access log on the way.
 */
@Component
class InvitationEmails {

    private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");

    private final JavaMailSender mail;
    private final MailTemplates templates;
    private final String from;
    private final ExpoWebProperties web;

    InvitationEmails(JavaMailSender mail, ExpoMailProperties mailProperties, ExpoWebProperties web, MailTemplates templates) {
        this.mail = mail;
        this.from = mailProperties.from();
        this.web = web;
        this.templates = templates;
    }

    void send(Invitation invitation, String companyName, String token) {
        mail.send(message -> write(message, invitation, companyName, token));
    }

    /** Fills the invitation from its templates ({@code mail/invitation.*}), plain text and HTML. */
    void write(MimeMessage message, Invitation invitation, String companyName, String token) throws MessagingException {
        MailLanguage language = MailLanguage.of(invitation.language());
        Map<String, Object> values = Map.of("name", invitation.name(), "company", companyName,
                "until", language.dateTime(invitation.expiresAt(), CASABLANCA), "link", web.link("/scan/#invitation=" + token));
        templates.render("invitation", language, values, "invitation.subject", companyName).writeTo(message, from, invitation.email());
    }
}
