package io.expoleads.exhibitor.staff;

import java.time.ZoneId;

import io.expoleads.platform.mail.ExpoMailProperties;
import io.expoleads.platform.mail.MailLanguage;
import io.expoleads.platform.web.ExpoWebProperties;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The invitation email, in the exhibitor's language (French, English or Arabic; the invitee has no
 * account, hence no language of their own, yet), the link's expiry in that language's words. Its link opens the
 * booth scanner on the invitation: the invitee chooses a password there and is signed in. The
 * single-use token rides in the link's fragment, which browsers never send to a server, so it
 * stays out of every access log on the way.
 */
@Component
class InvitationEmails {

    private static final ZoneId CASABLANCA = ZoneId.of("Africa/Casablanca");

    private final JavaMailSender mail;
    private final String from;
    private final ExpoWebProperties web;

    InvitationEmails(JavaMailSender mail, ExpoMailProperties mailProperties, ExpoWebProperties web) {
        this.mail = mail;
        this.from = mailProperties.from();
        this.web = web;
    }

    void send(Invitation invitation, String companyName, String token) {
        mail.send(compose(invitation, companyName, token));
    }

    SimpleMailMessage compose(Invitation invitation, String companyName, String token) {
        MailLanguage language = MailLanguage.of(invitation.language());
        String link = web.link("/scan/#invitation=" + token);
        String until = language.dateTime(invitation.expiresAt(), CASABLANCA);
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(invitation.email());
        message.setSubject(language.say("Invitation à scanner les leads de " + companyName,
                "You are invited to scan leads for " + companyName, "دعوة لمسح العملاء المحتملين لـ " + companyName));
        message.setText(language.say(
                "Bonjour " + invitation.name() + ",\n\n"
                        + "Vous êtes invité(e) à rejoindre l'équipe du stand de " + companyName + ".\n\n"
                        + "Ouvrez ce lien sur le téléphone avec lequel vous scannerez, et choisissez votre mot de passe"
                        + " (le lien sert une fois, jusqu'au " + until + ", heure de Casablanca) :\n\n"
                        + link + "\n",
                "Hello " + invitation.name() + ",\n\n"
                        + "You are invited to join the booth staff of " + companyName + ".\n\n"
                        + "Open this link on the phone you will scan with, and choose your password"
                        + " (the link works once, until " + until + " Casablanca time):\n\n"
                        + link + "\n",
                "مرحباً " + invitation.name() + "،\n\n"
                        + "أنت مدعوّ للانضمام إلى فريق جناح " + companyName + ".\n\n"
                        + "افتح هذا الرابط على الهاتف الذي ستمسح به، واختر كلمة مرورك"
                        + " (يعمل الرابط مرة واحدة، حتى " + until + " بتوقيت الدار البيضاء):\n\n"
                        + link + "\n"));
        return message;
    }
}
