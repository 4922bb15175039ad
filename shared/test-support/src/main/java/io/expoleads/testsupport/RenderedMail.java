package io.expoleads.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * An email as the reader's mail program gets it: its subject, its plain-text part and its HTML
 * part, decoded after a trip through the wire format (lines ending in LF again), for the services' email tests.
 */
public record RenderedMail(String subject, String plain, String html) {

    /** A message to write an email into, with no mail server behind it. */
    public static MimeMessage blank() {
        return new MimeMessage(Session.getInstance(new Properties()));
    }

    /** Writes the message out as SMTP would send it and reads it back. */
    public static RenderedMail of(MimeMessage message) throws MessagingException, IOException {
        message.saveChanges();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        message.writeTo(wire);
        MimeMessage received = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(wire.toByteArray()));
        return new RenderedMail(MimeUtility.decodeText(received.getHeader("Subject", null)), part(received, "text/plain"),
                part(received, "text/html"));
    }

    /** Every text part, the plain text first. */
    public String text() {
        return (plain == null ? "" : plain + "\n") + (html == null ? "" : html + "\n");
    }

    /**
     * Checks what every email must be: a plain text and an HTML part, the HTML in the language and
     * its direction, and no word missing (Thymeleaf writes a missing message as {@code ??key_locale??}).
     */
    public RenderedMail isComplete(String language, String direction) {
        assertThat(subject).as("subject").isNotBlank().doesNotContain("??");
        assertThat(plain).as("plain text").isNotBlank().doesNotContain("??");
        assertThat(html).as("HTML").isNotBlank().doesNotContain("??")
                .contains("<html lang=\"" + language + "\" dir=\"" + direction + "\">");
        return this;
    }

    /**
     * Checks that the service's message files ({@code mail/messages_<language>.properties}) name the
     * same words in every language, those no rendered email happens to use included.
     */
    public static void sameWordsInEveryLanguage(String... languages) throws IOException {
        Map<String, Set<String>> keys = new TreeMap<>();
        for (String language : languages) {
            String path = "mail/messages_" + language + ".properties";
            try (InputStream in = RenderedMail.class.getClassLoader().getResourceAsStream(path)) {
                assertThat(in).as(path).isNotNull();
                Properties words = new Properties();
                words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                keys.put(language, words.stringPropertyNames());
                assertThat(words.values()).as(path + ": no empty word").allMatch(word -> !word.toString().isBlank());
            }
        }
        Set<String> first = keys.get(languages[0]);
        keys.forEach((language, named) -> assertThat(named).as("the words of " + language + " and " + languages[0])
                .containsExactlyInAnyOrderElementsOf(first));
    }

    private static String part(Part part, String type) throws MessagingException, IOException {
        if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            Object content = part.getContent();
            String text = content instanceof InputStream stream ? new String(stream.readAllBytes(), StandardCharsets.UTF_8)
                    : String.valueOf(content);
            // Lines end in CRLF on the wire; the templates wrote LF.
            return text.replace("\r\n", "\n");
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int index = 0; index < multipart.getCount(); index++) {
                BodyPart body = multipart.getBodyPart(index);
                String found = part(body, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
