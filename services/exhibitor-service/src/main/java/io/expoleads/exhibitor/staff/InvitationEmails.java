package io.expoleads.exhibitor.staff;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The invitation email, in the exhibitor's language (French unless English). Its link opens the
 * booth scanner on the invitation: the invitee chooses a password there and is signed in. The
 * single-use token rides in the link's fragment, which browsers never send to a server, so it
 * stays out of every access log on the way.
 */
@Component
class InvitationEmails {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Africa/Casablanca"));

    private final JavaMailSender mail;
    private final String from;
    private final String webUrl;

    InvitationEmails(JavaMailSender mail, @Value("${expo.mail.from}") String from, @Value("${expo.web.public-url}") String webUrl) {
        this.mail = mail;
        this.from = from;
        this.webUrl = webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl;
    }

    void send(Invitation invitation, String companyName, String token) {
        boolean english = "en".equals(invitation.language());
        String link = webUrl + "/scan/#invitation=" + token;
        String until = DATE.format(invitation.expiresAt());
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(invitation.email());
        message.setSubject(english ? "You are invited to scan leads for " + companyName
                : "Invitation à scanner les leads de " + companyName);
        message.setText(english
                ? "Hello " + invitation.name() + ",\n\n"
                        + "You are invited to join the booth staff of " + companyName + ".\n\n"
                        + "Open this link on the phone you will scan with, and choose your password"
                        + " (the link works once, until " + until + " Casablanca time):\n\n"
                        + link + "\n"
                : "Bonjour " + invitation.name() + ",\n\n"
                        + "Vous êtes invité(e) à rejoindre l'équipe du stand de " + companyName + ".\n\n"
                        + "Ouvrez ce lien sur le téléphone avec lequel vous scannerez, et choisissez votre mot de passe"
                        + " (le lien sert une fois, jusqu'au " + until + ", heure de Casablanca) :\n\n"
                        + link + "\n");
        mail.send(message);
    }
}
