package io.expoleads.exhibitor.identity;

import java.time.Clock;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.expoleads.platform.security.AccessTokenCacheProperties;
import io.expoleads.platform.security.AccessTokens;
import io.expoleads.platform.security.VerifiedAccessTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Callers present the access tokens this service issues (checked against its
 * own keys: signature, issuer, audience, expiry; the signature once per token, as every service,
 * {@link VerifiedAccessTokens}); the organizer's steps need the ORGANIZER role.
 */
@Configuration(proxyBeanMethods = false)
class IdentitySecurity {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, IdentityProperties properties, AccessTokenCacheProperties cache, Clock clock,
                          MeterRegistry meters) {
        JWKSource<SecurityContext> publicKeys = (selector, context) -> selector.select(keys.publicKeys());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(publicKeys).build();
        OAuth2TokenValidator<Jwt> validator = AccessTokens.validator(properties.issuer(), properties.audience());
        decoder.setJwtValidator(validator);
        return new VerifiedAccessTokens(decoder, validator, cache, clock).metered(meters);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        return AccessTokens.statelessApi(http, json)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(AccessTokens.OPEN).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/token", "/api/auth/refresh", "/api/auth/sign-out").permitAll()
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/keys/rotate").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.PUT, "/api/auth/language").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/editions").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/approve", "/api/exhibitors/*/reject").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/editions", "/api/editions/*").permitAll()
                        .requestMatchers(HttpMethod.PATCH, "/api/editions/*").hasRole("ORGANIZER")
                        .requestMatchers("/api/editions/*/booths", "/api/editions/*/booths/**").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.PUT, "/api/exhibitors/*/booth").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/editions/*/exhibitors").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/editions/*/exhibitors").hasRole("ORGANIZER")
                        // Which exhibitor a caller may see or change is checked against the token's exhibitor id.
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*").authenticated()
                        .requestMatchers(HttpMethod.PATCH, "/api/exhibitors/*").hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/submit", "/api/exhibitors/*/withdraw")
                                .hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/exhibitors/*/seats").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/invitations/*").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/invitations/*/accept").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*/staff").hasAnyRole("ORGANIZER", "EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/staff", "/api/exhibitors/*/staff/import").hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/api/exhibitors/*/staff/*").hasAnyRole("ORGANIZER", "EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/exhibitors/*/qualification-form").hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*/qualification-form").authenticated()
                        .requestMatchers("/api/exhibitors/*/notification-settings").hasAnyRole("ORGANIZER", "EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/devices/activate").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/devices").hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers("/api/exhibitors/*/devices", "/api/exhibitors/*/devices/*").hasAnyRole("ORGANIZER", "EXHIBITOR_ADMIN")
                        .requestMatchers("/api/exhibitors/*/webhooks", "/api/exhibitors/*/webhooks/**").hasRole("EXHIBITOR_ADMIN")
                        .anyRequest().denyAll())
                .build();
    }
}
