package io.expoleads.platform.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Verifies access tokens against exhibitor-service's published keys (fetched once, cached, and
 * fetched again for an unknown key id, which is how a rotation reaches every service).
 * exhibitor-service, which holds the keys, declares its own decoder instead. A fetch that fails
 * is not remembered (the next request tries again) and is bounded by {@code expo.auth.jwks-timeout}
 * rather than the library's 30 s, so requests waiting on unreachable keys get their 503 quickly
 * ({@link TokenKeysUnavailable}).
 */
@AutoConfiguration
@EnableConfigurationProperties(AccessTokenProperties.class)
public class ExpoResourceServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder jwtDecoder(AccessTokenProperties properties) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.jwksTimeout());
        requests.setReadTimeout(properties.jwksTimeout());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri())
                .restOperations(new RestTemplate(requests)).build();
        decoder.setJwtValidator(AccessTokens.validator(properties.issuer(), properties.audience()));
        return decoder;
    }
}
