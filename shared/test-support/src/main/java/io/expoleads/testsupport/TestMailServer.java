package io.expoleads.testsupport;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
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

    /** The decoded text of a single-part message, else the raw body. */
    public static String body(MimeMessage message) {
        try {
            Object content = message.getContent();
            return content instanceof String text ? text : GreenMailUtil.getBody(message);
        } catch (java.io.IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
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
