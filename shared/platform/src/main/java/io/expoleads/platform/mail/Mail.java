package io.expoleads.platform.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.javamail.MimeMessageHelper;

/** An email as its templates wrote it: the subject, the plain text and the HTML alternative. */
public record Mail(String subject, String text, String html) {

    /**
     * Fills the message: sender, recipient, subject, and the text with its HTML alternative, in UTF-8.
     * The helper is returned for attachments.
     */
    public MimeMessageHelper writeTo(MimeMessage message, String from, String to) throws MessagingException {
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom(from);
        helper.setTo(to);
        helper.setSubject(subject);
        helper.setText(text, html);
        return helper;
    }
}
