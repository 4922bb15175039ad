package io.expoleads.exhibitor.identity;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Callers present the access tokens this service issues (checked against its
 * own keys: signature, issuer, audience, expiry); the organizer's steps need the ORGANIZER role.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class IdentitySecurity {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, IdentityProperties properties) {
        JWKSource<SecurityContext> publicKeys = (selector, context) -> selector.select(keys.publicKeys());
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(publicKeys).build();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(properties.audience()));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()), audience));
        return decoder;
    }

    /** The {@code roles} claim becomes the caller's roles. */
    static JwtAuthenticationConverter rolesFromClaim() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Collection<String> roles = jwt.getClaimAsStringList(TokenIssuer.ROLES);
            return roles == null ? List.<GrantedAuthority>of()
                    : roles.stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        });
        return converter;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) ->
                problem(response, json, HttpStatus.UNAUTHORIZED, "Sign in first: send a valid access token.");
        AccessDeniedHandler forbidden = (request, response, e) ->
                problem(response, json, HttpStatus.FORBIDDEN, "Your role does not allow this.");
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromClaim()))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/token").permitAll()
                        .requestMatchers(HttpMethod.GET, "/.well-known/jwks.json").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/keys/rotate").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/editions").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/approve", "/api/exhibitors/*/reject").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.GET, "/api/editions", "/api/editions/*").permitAll()
                        .requestMatchers(HttpMethod.PATCH, "/api/editions/*").hasRole("ORGANIZER")
                        .requestMatchers("/api/editions/*/booths", "/api/editions/*/booths/**").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.PUT, "/api/exhibitors/*/booth").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/editions/*/exhibitors").permitAll()
                        // Which exhibitor a caller may see or change is checked against the token's exhibitor id.
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*").authenticated()
                        .requestMatchers(HttpMethod.PATCH, "/api/exhibitors/*").hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/submit", "/api/exhibitors/*/withdraw")
                                .hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/exhibitors/*/seats").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/invitations/*/accept").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*/staff").hasAnyRole("ORGANIZER", "EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/exhibitors/*/staff").hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/api/exhibitors/*/staff/*").hasAnyRole("ORGANIZER", "EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.PUT, "/api/exhibitors/*/qualification-form").hasRole("EXHIBITOR_ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/exhibitors/*/qualification-form").authenticated()
                        .requestMatchers("/api/exhibitors/*/notification-settings").hasAnyRole("ORGANIZER", "EXHIBITOR_ADMIN")
                        .anyRequest().denyAll())
                .build();
    }

    private static void problem(HttpServletResponse response, JsonMapper json, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
