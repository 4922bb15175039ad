package io.expoleads.platform.mail;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnResource;
import org.springframework.context.annotation.Bean;

/** The email templates of a service that has some ({@code mail/messages_fr.properties} on its class path). */
@AutoConfiguration
@ConditionalOnResource(resources = "classpath:mail/messages_fr.properties")
public class ExpoMailAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MailTemplates mailTemplates() {
        return new MailTemplates();
    }
}
