package io.expoleads.platform.mail;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The mail settings ({@link ExpoMailProperties}) every service that emails reads. */
@AutoConfiguration
@EnableConfigurationProperties(ExpoMailProperties.class)
public class ExpoMailAutoConfiguration {
}
