package io.expoleads.exhibitor.staff;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/** The invitation email, in the exhibitor's language (French unless English), carrying the single-use token. */
@Component
class InvitationEmails {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Africa/Casablanca"));

    private final JavaMailSender mail;
    private final String from;

    InvitationEmails(JavaMailSender mail, @Value("${expo.mail.from}") String from) {
        this.mail = mail;
        this.from = from;
    }

    void send(Invitation invitation, String companyName, String token) {
        boolean english = "en".equals(invitation.language());
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(invitation.email());
        message.setSubject(english ? "You are invited to scan leads for " + companyName
                : "Invitation à scanner les leads de " + companyName);
        message.setText((english
                ? "You are invited to join the booth staff of " + companyName + ".\n\n"
                        + "Accept with this code (valid once, until " + DATE.format(invitation.expiresAt()) + "):\n\n"
                : "Vous êtes invité(e) à rejoindre l'équipe du stand de " + companyName + ".\n\n"
                        + "Acceptez avec ce code (valable une fois, jusqu'au " + DATE.format(invitation.expiresAt()) + ") :\n\n")
                + token + "\n\nPOST /api/invitations/" + token + "/accept\n");
        mail.send(message);
    }
}
