package io.expoleads.notification.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.expoleads.testsupport.HungPort;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The mailer against real SMTP servers (GreenMail): connections kept open between messages, a
 * server that went away meanwhile found out, and a changed port used at the next message.
 */
class SmtpMailerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JavaMailSenderImpl mail = new JavaMailSenderImpl();
    private final List<GreenMail> servers = new ArrayList<>();
    private SmtpMailer mailer;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = HungPort.freeBelowTheEphemeralRange();
        servers.add(server(port));
        mail.setHost("localhost");
        mail.setPort(port);
        mail.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
        mail.getJavaMailProperties().put("mail.smtp.timeout", "2000");
        mailer = new SmtpMailer(mail, new StaticListableBeanFactory().getBeanProvider(Tracer.class), registry);
    }

    @AfterEach
    void stop() {
        mailer.close();
        servers.forEach(GreenMail::stop);
    }

    @Test
    void messages_one_after_another_share_one_connection() throws Exception {
        for (int i = 0; i < 5; i++) {
            SmtpMailer.Reply reply = mailer.send(message("sales-" + i + "@atlas.example"));
            assertThat(reply.code()).isEqualTo(250);
        }
        assertThat(servers.get(0).getReceivedMessages()).hasSize(5);
        assertThat(connectionsOpened()).isEqualTo(1);
    }

    @Test
    void a_connection_to_a_server_restarted_meanwhile_is_found_out_and_replaced() throws Exception {
        mailer.send(message("before@atlas.example"));
        servers.get(0).stop();
        servers.add(server(port));
        // Past the moment a connection is trusted without a NOOP.
        Thread.sleep(SmtpMailer.TRUSTED_IDLE.toMillis() + 200);
        SmtpMailer.Reply reply = mailer.send(message("after@atlas.example"));
        assertThat(reply.code()).isEqualTo(250);
        assertThat(servers.get(1).getReceivedMessages()).hasSize(1);
        assertThat(connectionsOpened()).isEqualTo(2);
    }

    @Test
    void a_failed_send_closes_its_connection_and_the_next_message_opens_another() throws Exception {
        mailer.send(message("first@atlas.example"));
        servers.get(0).stop();
        assertThatThrownBy(() -> mailer.send(message("while-away@atlas.example"))).isInstanceOf(MessagingException.class);
        servers.add(server(port));
        assertThat(mailer.send(message("back@atlas.example")).code()).isEqualTo(250);
        assertThat(servers.get(1).getReceivedMessages()).hasSize(1);
        assertThat(connectionsOpened()).isEqualTo(2);
    }

    @Test
    void a_changed_port_is_used_at_the_next_message() throws Exception {
        mailer.send(message("first@atlas.example"));
        int other = HungPort.freeBelowTheEphemeralRange();
        servers.add(server(other));
        mail.setPort(other);
        mailer.send(message("second@atlas.example"));
        assertThat(servers.get(0).getReceivedMessages()).hasSize(1);
        assertThat(servers.get(1).getReceivedMessages()).hasSize(1);
        assertThat(mailer.server()).isEqualTo("smtp://localhost:" + other);
    }

    @Test
    void a_connection_is_closed_after_its_share_of_messages() throws Exception {
        for (int i = 0; i <= SmtpMailer.MESSAGES_PER_CONNECTION; i++) {
            mailer.send(message("sales-" + i + "@atlas.example"));
        }
        assertThat(servers.get(0).getReceivedMessages()).hasSize(SmtpMailer.MESSAGES_PER_CONNECTION + 1);
        assertThat(connectionsOpened()).isEqualTo(2);
    }

    private double connectionsOpened() {
        return registry.get("expo.smtp.connections").counter().count();
    }

    private MimeMessage message(String to) throws MessagingException {
        MimeMessage message = mailer.newMessage();
        message.setFrom("leads@expo-leads.local");
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject("A new lead");
        message.setText("Visitor N1");
        return message;
    }

    private static GreenMail server(int port) {
        GreenMail server = new GreenMail(new ServerSetup(port, "localhost", ServerSetup.PROTOCOL_SMTP));
        server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
        return server;
    }
}
