package io.expoleads.platform.security;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Verifies access tokens against exhibitor-service's published keys (fetched once, cached, and
 * fetched again for an unknown key id, which is how a rotation reaches every service).
 * exhibitor-service, which holds the keys, declares its own decoder instead. A fetch that fails
 * is not remembered (the next request tries again) and is bounded by {@code expo.auth.jwks-timeout}
 * rather than the library's 30 s, so requests waiting on unreachable keys get their 503 quickly
 * ({@link TokenKeysUnavailable}). Each token's signature is checked once ({@link VerifiedAccessTokens},
 * {@code expo.auth.token-cache.*}); its expiry, issuer and audience at every request.
 */
@AutoConfiguration
@EnableConfigurationProperties({AccessTokenProperties.class, AccessTokenCacheProperties.class})
public class ExpoResourceServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(JwtDecoder.class)
    JwtDecoder jwtDecoder(AccessTokenProperties properties, AccessTokenCacheProperties cache, ObjectProvider<Clock> clock,
                          ObjectProvider<MeterRegistry> meters) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.jwksTimeout());
        requests.setReadTimeout(properties.jwksTimeout());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri())
                .restOperations(new RestTemplate(requests)).build();
        OAuth2TokenValidator<Jwt> validator = AccessTokens.validator(properties.issuer(), properties.audience());
        decoder.setJwtValidator(validator);
        VerifiedAccessTokens tokens = new VerifiedAccessTokens(decoder, validator, cache, clock.getIfAvailable(Clock::systemUTC));
        meters.ifAvailable(tokens::metered);
        return tokens;
    }
}
