package io.expoleads.lead;

import io.expoleads.platform.security.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call lead capture: the organizer imports registrations; an exhibitor's staff and
 * devices scan; its accounts read its leads (which exhibitor is checked against the token).
 */
@Configuration(proxyBeanMethods = false)
class LeadSecurity {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(AccessTokens.rolesFromClaim()))
                        .authenticationEntryPoint(AccessTokens.unauthorized(json))
                        .accessDeniedHandler(AccessTokens.forbidden(json)))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(AccessTokens.unauthorized(json))
                        .accessDeniedHandler(AccessTokens.forbidden(json)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/editions/*/attendees/import").hasRole("ORGANIZER")
                        .requestMatchers(HttpMethod.POST, "/api/scans").hasAnyRole("STAFF", "DEVICE")
                        .requestMatchers(HttpMethod.GET, "/api/leads/*").hasAnyRole("EXHIBITOR_ADMIN", "STAFF", "DEVICE")
                        .anyRequest().denyAll())
                .build();
    }
}
