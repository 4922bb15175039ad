package io.expoleads.notification;

import io.expoleads.platform.security.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/** Only health is open; every API of this service needs an access token checked like everywhere else. */
@Configuration(proxyBeanMethods = false)
class NotificationSecurity {

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
                        .anyRequest().denyAll())
                .build();
    }
}
