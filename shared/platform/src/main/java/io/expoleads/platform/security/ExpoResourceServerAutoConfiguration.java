package io.expoleads.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Verifies access tokens against exhibitor-service's published keys (fetched once, cached, and
 * fetched again for an unknown key id, which is how a rotation reaches every service).
 * exhibitor-service, which holds the keys, declares its own decoder instead.
 */
@AutoConfiguration
@EnableConfigurationProperties(AccessTokenProperties.class)
public class ExpoResourceServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder jwtDecoder(AccessTokenProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri()).build();
        decoder.setJwtValidator(AccessTokens.validator(properties.issuer(), properties.audience()));
        return decoder;
    }
}
