package io.expoleads.platform.mail;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/** The mail settings ({@link ExpoMailProperties}) every service that emails reads, and the templates its emails are written from. */
@AutoConfiguration
@EnableConfigurationProperties(ExpoMailProperties.class)
public class ExpoMailAutoConfiguration {

    /** The system property Jakarta Mail reads first when it looks for its stream provider. */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";
    /** Angus Mail's provider: the one its ServiceLoader scan would find. */
    static final String ANGUS_STREAM_PROVIDER = "org.eclipse.angus.mail.util.MailStreamProvider";

    ExpoMailAutoConfiguration() {
        // At every service's start, before any email is written.
        nameTheStreamProvider();
    }

    /**
     * Names Angus Mail's stream provider in the system property, unless it names one already or Angus
     * Mail is absent. Jakarta Mail 2.1 looks for its provider again at every body part, multipart and
     * encoding an email is made of, and without the property that is a ServiceLoader scan of the class
     * path (jakartaee/mail-api#699 and #861; cached only from 2.2 on): in a Spring Boot jar the scan
     * was a third of notification-service's CPU while it emailed alerts under load (JFR during the
     * benchmark, 243 of 683 samples). With the property set, the finder loads the named class instead.
     */
    static void nameTheStreamProvider() {
        if (System.getProperty(STREAM_PROVIDER) == null
                && ClassUtils.isPresent(ANGUS_STREAM_PROVIDER, ExpoMailAutoConfiguration.class.getClassLoader())) {
            System.setProperty(STREAM_PROVIDER, ANGUS_STREAM_PROVIDER);
        }
    }

    /** For a service that has email templates ({@code mail/messages_fr.properties} on its class path). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnResource(resources = "classpath:mail/messages_fr.properties")
    MailTemplates mailTemplates() {
        return new MailTemplates();
    }
}
