package io.expoleads.platform.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Jakarta Mail finds its stream provider by the name the mail configuration gives it, not by a
 * ServiceLoader scan of the class path at every part of every email.
 */
class MailStreamProviderTest {

    @Test
    void the_mail_configuration_names_angus_mails_stream_provider_and_emails_are_still_written() {
        System.clearProperty(ExpoMailAutoConfiguration.STREAM_PROVIDER);
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ExpoMailAutoConfiguration.class))
                .withPropertyValues("expo.mail.from=Expo Leads <leads@expo.example>").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(System.getProperty(ExpoMailAutoConfiguration.STREAM_PROVIDER))
                    .isEqualTo(ExpoMailAutoConfiguration.ANGUS_STREAM_PROVIDER);
            assertThat(StreamProvider.provider().getClass().getName()).isEqualTo(ExpoMailAutoConfiguration.ANGUS_STREAM_PROVIDER);

            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
            helper.setFrom("leads@expo.example");
            helper.setTo("sales@exhibitor.example");
            helper.setSubject("Nouveau lead : Émilie");
            helper.setText("Texte", "<p>HTML</p>");
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            message.writeTo(written);
            assertThat(written.toString(StandardCharsets.US_ASCII)).contains("multipart/", "=?UTF-8?");
        });
    }

    @Test
    void a_provider_named_already_is_left_alone() {
        try {
            System.setProperty(ExpoMailAutoConfiguration.STREAM_PROVIDER, "com.example.OwnStreamProvider");
            ExpoMailAutoConfiguration.nameTheStreamProvider();
            assertThat(System.getProperty(ExpoMailAutoConfiguration.STREAM_PROVIDER)).isEqualTo("com.example.OwnStreamProvider");
            System.clearProperty(ExpoMailAutoConfiguration.STREAM_PROVIDER);
            ExpoMailAutoConfiguration.nameTheStreamProvider();
            assertThat(System.getProperty(ExpoMailAutoConfiguration.STREAM_PROVIDER)).isEqualTo(ExpoMailAutoConfiguration.ANGUS_STREAM_PROVIDER);
        } finally {
            System.clearProperty(ExpoMailAutoConfiguration.STREAM_PROVIDER);
        }
    }
}
