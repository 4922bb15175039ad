package io.expoleads.testsupport;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A real SMTP server (GreenMail) for the test JVM, started on first use on a free port. */
public final class TestMailServer {

    private static GreenMail server;

    private TestMailServer() {
    }

    public static synchronized GreenMail get() {
        if (server == null) {
            GreenMail started = new GreenMail(new ServerSetup(0, "localhost", ServerSetup.PROTOCOL_SMTP));
            started.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-mail-stop"));
            server = started;
        }
        return server;
    }

    /** Points Spring Mail at this server. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> get().getSmtp().getPort());
    }

    /** Every message received so far for that address. */
    public static List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(get().getReceivedMessages()).filter(message -> recipient(message).equalsIgnoreCase(address)).toList();
    }

    /** Every message received so far whose body contains the text. */
    public static List<MimeMessage> messagesContaining(String text) {
        return Arrays.stream(get().getReceivedMessages()).filter(message -> body(message).contains(text)).toList();
    }

    /** The decoded text of a single-part message, or of a multipart message's plain-text part, else the raw body. */
    public static String body(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof String text) {
                return text;
            }
            String plain = part(content, "text/plain");
            return plain != null ? plain : GreenMailUtil.getBody(message);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text of the message's first part of this content type (such as text/html), or null. */
    public static String part(MimeMessage message, String contentType) {
        try {
            return part(message.getContent(), contentType);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Object content, String contentType) throws IOException, MessagingException {
        if (content instanceof Multipart multipart) {
            for (int index = 0; index < multipart.getCount(); index++) {
                BodyPart body = multipart.getBodyPart(index);
                String found = body.isMimeType(contentType) ? (String) body.getContent() : part(body.getContent(), contentType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
