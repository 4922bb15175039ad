package io.expoleads.notification.email;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/** An email as the reader's mail program gets it: its subject and every text part, decoded. */
public record RenderedMail(String subject, String text) {

    public static MimeMessage blank() {
        return new MimeMessage(Session.getInstance(new Properties()));
    }

    /** Writes the message out as SMTP would send it and reads it back. */
    public static RenderedMail of(MimeMessage message) throws MessagingException, IOException {
        message.saveChanges();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        message.writeTo(wire);
        MimeMessage received = new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(wire.toByteArray()));
        return new RenderedMail(MimeUtility.decodeText(received.getHeader("Subject", null)), text(received.getContent()));
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof jakarta.mail.Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int index = 0; index < multipart.getCount(); index++) {
                all.append(text(multipart.getBodyPart(index).getContent())).append('\n');
            }
            return all.toString();
        }
        if (content instanceof java.io.InputStream stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
        return String.valueOf(content);
    }
}
