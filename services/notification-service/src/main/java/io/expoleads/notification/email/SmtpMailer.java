package io.expoleads.notification.email;

import java.util.Date;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Hands a message to the SMTP server Spring Mail is configured for ({@code spring.mail.*}) and keeps
 * the server's reply, which the delivery log shows. Spring's {@code JavaMailSender} hides the reply,
 * so the transport is driven here, on the session Spring Mail built.
 */
@Component
public class SmtpMailer {

    /** The server's answer to the message: {@code 250 OK ...}. */
    public record Reply(String server, int code, String text) {
    }

    private final JavaMailSenderImpl mail;
    private final Tracer tracer;

    SmtpMailer(JavaMailSenderImpl mail, ObjectProvider<Tracer> tracer) {
        this.mail = mail;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    public MimeMessage newMessage() {
        return mail.createMimeMessage();
    }

    /** The server this mailer talks to, as {@code smtp://host:port}. */
    public String server() {
        return (mail.getProtocol() == null ? "smtp" : mail.getProtocol()) + "://" + mail.getHost() + ":" + mail.getPort();
    }

    /** @throws MessagingException as the server or the connection failed; the caller tells transient from permanent */
    public Reply send(MimeMessage message) throws MessagingException {
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        message.saveChanges();
        // A span of the delivery's trace; the server only, never a recipient.
        Span span = tracer.spanBuilder().name("smtp send").kind(Span.Kind.CLIENT).tag("server.address", String.valueOf(mail.getHost())).start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            Reply reply = transfer(message);
            span.tag("smtp.reply.code", Integer.toString(reply.code()));
            return reply;
        } catch (MessagingException | RuntimeException failed) {
            span.error(failed);
            throw failed;
        } finally {
            span.end();
        }
    }

    private Reply transfer(MimeMessage message) throws MessagingException {
        Transport transport = mail.getSession().getTransport(mail.getProtocol() == null ? "smtp" : mail.getProtocol());
        transport.connect(mail.getHost(), mail.getPort(), mail.getUsername(), mail.getPassword());
        try {
            transport.sendMessage(message, message.getAllRecipients());
            if (transport instanceof SMTPTransport smtp) {
                return new Reply(server(), smtp.getLastReturnCode(), smtp.getLastServerResponse().strip());
            }
            return new Reply(server(), 250, "accepted");
        } finally {
            transport.close();
        }
    }
}
