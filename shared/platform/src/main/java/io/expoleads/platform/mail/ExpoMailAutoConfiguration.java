package io.expoleads.platform.mail;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The mail settings ({@link ExpoMailProperties}) every service that emails reads, and the templates its emails are written from. */
@AutoConfiguration
@EnableConfigurationProperties(ExpoMailProperties.class)
public class ExpoMailAutoConfiguration {

    /** For a service that has email templates ({@code mail/messages_fr.properties} on its class path). */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnResource(resources = "classpath:mail/messages_fr.properties")
    MailTemplates mailTemplates() {
        return new MailTemplates();
    }
}
