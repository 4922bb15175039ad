package io.expoleads.lead.privacy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Writes and sends visitors their sign-in links, in French, English or Arabic. Called by
 * {@link VisitorAccess}'s background pass, off the request thread (so the answer takes the same
 * time whether an email goes or not), which keeps the request until the mail server took the email.
 * Logs name no address.
 */
@Component
class VisitorLinkEmails {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Africa/Casablanca"));

    private final JavaMailSender mail;
    private final String from;
    private final String page;

    VisitorLinkEmails(JavaMailSender mail, @Value("${expo.mail.from}") String from, @Value("${expo.web.public-url}") String webUrl) {
        this.mail = mail;
        this.from = from;
        this.page = (webUrl.endsWith("/") ? webUrl.substring(0, webUrl.length() - 1) : webUrl) + "/privacy/";
    }

    /** Sends the link now; a refusal of the mail server is the caller's to retry. */
    void send(String to, String language, String code, Instant expiresAt) throws MailException {
        mail.send(compose(to, language, code, expiresAt));
    }

    SimpleMailMessage compose(String to, String language, String code, Instant expiresAt) {
        String link = page + "?lang=" + language + "#code=" + code;
        String until = TIME.format(expiresAt);
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        switch (language) {
            case "en" -> {
                message.setSubject("Your Expo Leads link: see and manage your data");
                message.setText("Hello,\n\nYou asked to see which exhibitors hold your data. Open this link"
                        + " (it works once, until " + until + " Casablanca time):\n\n" + link + "\n\n"
                        + "If you did not ask for it, ignore this email: nothing happens without the link.\n");
            }
            case "ar" -> {
                message.setSubject("رابط Expo Leads: اطّلع على بياناتك وتحكّم فيها");
                message.setText("مرحباً،\n\nطلبت الاطلاع على العارضين الذين يحتفظون ببياناتك. افتح هذا الرابط"
                        + " (يعمل مرة واحدة، حتى الساعة " + until + " بتوقيت الدار البيضاء):\n\n" + link + "\n\n"
                        + "إذا لم تطلبه، تجاهل هذه الرسالة: لا يحدث شيء دون الرابط.\n");
            }
            default -> {
                message.setSubject("Votre lien Expo Leads : consultez et gérez vos données");
                message.setText("Bonjour,\n\nVous avez demandé à voir quels exposants détiennent vos données. Ouvrez ce lien"
                        + " (il sert une fois, jusqu'à " + until + ", heure de Casablanca) :\n\n" + link + "\n\n"
                        + "Si vous ne l'avez pas demandé, ignorez ce message : rien ne se passe sans le lien.\n");
            }
        }
        return message;
    }
}
