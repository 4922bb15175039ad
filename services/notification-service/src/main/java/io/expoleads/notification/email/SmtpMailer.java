package io.expoleads.notification.email;

import java.time.Duration;
import java.util.Date;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Hands a message to the SMTP server Spring Mail is configured for ({@code spring.mail.*}) and keeps
 * the server's reply, which the delivery log shows. Spring's {@code JavaMailSender} hides the reply,
 * so the transport is driven here, on the session Spring Mail built.
 *
 * <p>Connections are kept open between messages, as a mail client sending many does: a new one per
 * message cost a TCP connection, the server's greeting, {@code EHLO} (and {@code AUTH}) and {@code QUIT}
 * around each message's three commands, a third of an email worker's time at 50 alerts a second. A
 * connection idle for more than {@link #TRUSTED_IDLE} is asked {@code NOOP} before its next message
 * (a server restarted or one that closed it meanwhile is found out there, and a new connection is
 * opened instead); one idle for {@link #IDLE_LIMIT} is closed, and one that carried
 * {@link #MESSAGES_PER_CONNECTION} messages, or met any failure, is not used again. Connections are
 * kept per server and account, so a changed {@code spring.mail.host} or port is used at the next message.
 */
@Component
public class SmtpMailer {

    /** A connection used this recently is used again without a {@code NOOP} first. */
    static final Duration TRUSTED_IDLE = Duration.ofSeconds(1);
    /** Idle connections are closed after this long (servers close theirs after minutes: Postfix after 5). */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(30);
    /** Messages sent on one connection before it is closed, below the limits mail providers set per connection. */
    static final int MESSAGES_PER_CONNECTION = 100;

    /** The server's answer to the message: {@code 250 OK ...}. */
    public record Reply(String server, int code, String text) {
    }

    /** Which server and account a connection is to; the password is read when connecting, never kept here. */
    private record Server(String protocol, String host, int port, String username) {
    }

    /** An open connection and how many messages it carried. */
    private static final class Connection {

        private final Transport transport;
        private int sent;

        Connection(Transport transport) {
            this.transport = transport;
        }
    }

    private final JavaMailSenderImpl mail;
    private final Tracer tracer;
    private final Counter connectionsOpened;
    private final GenericKeyedObjectPool<Server, Connection> connections;

    SmtpMailer(JavaMailSenderImpl mail, ObjectProvider<Tracer> tracer, MeterRegistry registry) {
        this.mail = mail;
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
        this.connectionsOpened = Counter.builder("expo.smtp.connections")
                .description("Connections opened to the SMTP server; kept open between emails, so far fewer than emails sent")
                .register(registry);
        GenericKeyedObjectPoolConfig<Connection> config = new GenericKeyedObjectPoolConfig<>();
        // As many connections as senders at once: the email workers bound those.
        config.setMaxTotalPerKey(-1);
        config.setMaxTotal(-1);
        config.setMaxIdlePerKey(-1);
        config.setTestOnBorrow(true);
        config.setMinEvictableIdleDuration(IDLE_LIMIT);
        config.setTimeBetweenEvictionRuns(Duration.ofSeconds(10));
        config.setNumTestsPerEvictionRun(-1);
        config.setJmxEnabled(false);
        this.connections = new GenericKeyedObjectPool<>(new Connections(), config);
    }

    public MimeMessage newMessage() {
        return mail.createMimeMessage();
    }

    /** The server this mailer talks to, as {@code smtp://host:port}. */
    public String server() {
        return protocol() + "://" + mail.getHost() + ":" + mail.getPort();
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
        Server server = new Server(protocol(), mail.getHost(), mail.getPort(), mail.getUsername());
        Connection connection = borrow(server);
        boolean reusable = false;
        try {
            connection.transport.sendMessage(message, message.getAllRecipients());
            connection.sent++;
            reusable = connection.sent < MESSAGES_PER_CONNECTION;
            if (connection.transport instanceof SMTPTransport smtp) {
                return new Reply(server(), smtp.getLastReturnCode(), smtp.getLastServerResponse().strip());
            }
            return new Reply(server(), 250, "accepted");
        } finally {
            giveBack(server, connection, reusable);
        }
    }

    private Connection borrow(Server server) throws MessagingException {
        try {
            return connections.borrowObject(server);
        } catch (MessagingException | RuntimeException failed) {
            throw failed;
        } catch (Exception failed) {
            throw new MessagingException("no connection to " + server(), failed);
        }
    }

    /** Back to the pool after a message it carried; closed after a failure, whatever state it left the session in. */
    private void giveBack(Server server, Connection connection, boolean reusable) {
        try {
            if (reusable) {
                connections.returnObject(server, connection);
            } else {
                connections.invalidateObject(server, connection);
            }
        } catch (Exception closeFailed) {
            // Its close failed: the connection is gone either way, and the message's outcome is already known.
        }
    }

    private String protocol() {
        return mail.getProtocol() == null ? "smtp" : mail.getProtocol();
    }

    @PreDestroy
    void close() {
        connections.close();
    }

    /** Opens, checks and closes the pool's connections. */
    private final class Connections extends BaseKeyedPooledObjectFactory<Server, Connection> {

        @Override
        public Connection create(Server server) throws MessagingException {
            Transport transport = mail.getSession().getTransport(server.protocol());
            transport.connect(server.host(), server.port(), server.username(), mail.getPassword());
            connectionsOpened.increment();
            return new Connection(transport);
        }

        @Override
        public PooledObject<Connection> wrap(Connection connection) {
            return new DefaultPooledObject<>(connection);
        }

        /** A connection idle a moment is taken as it is; one idle longer answers {@code NOOP} first. */
        @Override
        public boolean validateObject(Server server, PooledObject<Connection> pooled) {
            if (pooled.getIdleDuration().compareTo(TRUSTED_IDLE) < 0) {
                return true;
            }
            // Angus's SMTPTransport asks NOOP here, and closes a connection that does not answer 250.
            return pooled.getObject().transport.isConnected();
        }

        @Override
        public void destroyObject(Server server, PooledObject<Connection> pooled) {
            try {
                pooled.getObject().transport.close();
            } catch (MessagingException alreadyGone) {
                // QUIT unanswered: the server or the network closed it first.
            }
        }
    }
}
